using Argus.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Argus.Tests.Server.Ui;

/// <summary>
/// The Experiments page's changes in Chromium against a real server of its own, on experiments each test creates
/// through the API: rename in place (kept after a reload), delete after a confirmation dialog (gone from the active
/// view, listed in the deleted one), restore, cancel, the server's error shown inline, the view kept in the URL.
/// </summary>
public sealed class ExperimentsUiTests(Browser browser, ServerFixture server) : IClassFixture<Browser>, IClassFixture<ServerFixture>
{
    private string Url(string hash) => $"{server.BaseAddress.AbsoluteUri.TrimEnd('/')}/#/{hash}";

    /// <summary>The page searched for <paramref name="prefix"/>, so only this test's experiments show.</summary>
    private string ListUrl(string prefix, string? view = null) =>
        Url($"experiments?q={Uri.EscapeDataString(prefix)}" + (view is null ? "" : $"&view={view}"));

    private static ILocator Rows(IPage page) => page.Locator("[data-testid=experiments] tbody tr");

    private static ILocator Row(IPage page, string name) =>
        Rows(page).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }) });

    [Fact]
    public async Task Rename_ShowsTheNewNameAndSurvivesReload()
    {
        var prefix = ServerFixture.UniqueName("ren");
        await server.CreateExperimentAsync($"{prefix}-old");
        await using var page = await browser.OpenAsync(ListUrl(prefix));
        await Expect(Rows(page.Page)).ToHaveCountAsync(1);

        await page.Page.GetByRole(AriaRole.Button, new() { Name = $"Rename {prefix}-old" }).ClickAsync();
        var input = page.Page.GetByLabel($"New name for {prefix}-old");
        await Expect(input).ToBeFocusedAsync();
        await input.FillAsync($"{prefix}-new");
        await input.PressAsync("Enter");

        await Expect(Row(page.Page, $"{prefix}-new")).ToHaveCountAsync(1);
        await Expect(page.Page.Locator("#experiment-status")).ToContainTextAsync($"to “{prefix}-new”");
        await Expect(page.Page.GetByRole(AriaRole.Button, new() { Name = $"Rename {prefix}-new" })).ToBeFocusedAsync();
        await page.Page.ReloadAsync();
        await Expect(Row(page.Page, $"{prefix}-new")).ToHaveCountAsync(1);
        await Expect(Row(page.Page, $"{prefix}-old")).ToHaveCountAsync(0);
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task Rename_ToATakenName_ShowsTheServersErrorInline()
    {
        var prefix = ServerFixture.UniqueName("dup");
        await server.CreateExperimentAsync($"{prefix}-a");
        await server.CreateExperimentAsync($"{prefix}-b");
        await using var page = await browser.OpenAsync(ListUrl(prefix));
        await Expect(Rows(page.Page)).ToHaveCountAsync(2);

        await page.Page.GetByRole(AriaRole.Button, new() { Name = $"Rename {prefix}-a" }).ClickAsync();
        await page.Page.GetByLabel($"New name for {prefix}-a").FillAsync($"{prefix}-b");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var error = page.Page.Locator("#experiment-error [role=alert]");
        await Expect(error).ToContainTextAsync("already exists");
        await Expect(Row(page.Page, $"{prefix}-a")).ToHaveCountAsync(1);
        // The browser itself reports the refused request; nothing else may appear.
        Assert.DoesNotContain(page.Problems, p => !(p.Contains("status of 400", StringComparison.Ordinal) || p.Contains("status of 409", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Delete_Confirmed_MovesItToTheDeletedView_AndRestoreBringsItBack()
    {
        var prefix = ServerFixture.UniqueName("del");
        await server.CreateExperimentAsync($"{prefix}-keep");
        await server.CreateExperimentAsync($"{prefix}-gone");
        await using var page = await browser.OpenAsync(ListUrl(prefix));
        await Expect(Rows(page.Page)).ToHaveCountAsync(2);

        await page.Page.GetByRole(AriaRole.Button, new() { Name = $"Delete {prefix}-gone" }).ClickAsync();
        var dialog = page.Page.GetByRole(AriaRole.Dialog, new() { Name = "Delete experiment?" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync($"{prefix}-gone");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Expect(dialog).ToBeHiddenAsync();
        await Expect(Rows(page.Page)).ToHaveCountAsync(1);
        await Expect(Row(page.Page, $"{prefix}-keep")).ToHaveCountAsync(1);
        await Expect(page.Page.Locator("#experiment-status")).ToContainTextAsync($"Deleted “{prefix}-gone”");

        await page.Page.GetByLabel("Show").SelectOptionAsync("deleted");
        await Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("view=deleted"));
        await Expect(Rows(page.Page)).ToHaveCountAsync(1);
        await Expect(Row(page.Page, $"{prefix}-gone")).ToContainTextAsync("Deleted");
        await page.Page.ReloadAsync(); // the view is in the URL
        await Expect(page.Page.GetByLabel("Show")).ToHaveValueAsync("deleted");
        await Expect(Rows(page.Page)).ToHaveCountAsync(1);

        await page.Page.GetByLabel("Show").SelectOptionAsync("all");
        await Expect(Rows(page.Page)).ToHaveCountAsync(2);
        await page.Page.GetByRole(AriaRole.Button, new() { Name = $"Restore {prefix}-gone" }).ClickAsync();
        await Expect(page.Page.Locator("#experiment-status")).ToContainTextAsync($"Restored “{prefix}-gone”");
        await Expect(Row(page.Page, $"{prefix}-gone")).ToContainTextAsync("Active");

        await page.Page.GotoAsync(ListUrl(prefix));
        await Expect(Rows(page.Page)).ToHaveCountAsync(2);
        await page.Page.GotoAsync(ListUrl(prefix, "deleted"));
        await Expect(page.Page.GetByText("No deleted experiment name contains")).ToBeVisibleAsync();
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task Delete_CancelledOrEscaped_ChangesNothingAndFocusReturnsToTheButton()
    {
        var prefix = ServerFixture.UniqueName("cancel");
        await server.CreateExperimentAsync($"{prefix}-x");
        await using var page = await browser.OpenAsync(ListUrl(prefix));
        await Expect(Rows(page.Page)).ToHaveCountAsync(1);
        var delete = page.Page.GetByRole(AriaRole.Button, new() { Name = $"Delete {prefix}-x" });
        var dialog = page.Page.GetByRole(AriaRole.Dialog, new() { Name = "Delete experiment?" });

        await delete.ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(delete).ToBeFocusedAsync();

        await page.Page.Keyboard.PressAsync("Enter"); // the focused Delete button opens it again
        await Expect(dialog).ToBeVisibleAsync();
        await page.Page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(delete).ToBeFocusedAsync();

        await page.Page.ReloadAsync();
        await Expect(Rows(page.Page)).ToHaveCountAsync(1);
        await page.Page.GotoAsync(ListUrl(prefix, "deleted"));
        await Expect(page.Page.GetByText("No deleted experiment name contains")).ToBeVisibleAsync();
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task RunPage_ListsDatasetInputsWithSchemaColumns()
    {
        var experiment = await server.CreateExperimentAsync(ServerFixture.UniqueName("inputs"));
        var run = await server.CreateRunAsync(experiment);
        var schema = System.Text.Json.JsonSerializer.Serialize("""{"mlflow_colspec":[{"type":"double","name":"total_bill"},{"type":"string","name":"day"}]}""");
        var reply = await server.PostAsync(ServerFixture.Api + "/runs/log-inputs", $$"""
            {"run_id":"{{run}}","datasets":[
              {"tags":[{"key":"mlflow.data.context","value":"training"}],
               "dataset":{"name":"tips","digest":"abc123","source_type":"local","source":"{}","schema":{{schema}} } },
              {"dataset":{"name":"raw","digest":"def456","source_type":"http","source":"{}","schema":"not json"} }]}
            """);
        reply.AssertOk();

        await using var page = await browser.OpenAsync(Url($"runs/{run}"));
        var rows = page.Page.Locator("[data-testid=dataset-inputs] tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        var tips = rows.Filter(new() { HasText = "tips" });
        await Expect(tips).ToContainTextAsync("abc123");
        await Expect(tips).ToContainTextAsync("local");
        await Expect(tips).ToContainTextAsync("training");
        await Expect(tips.Locator("li")).ToHaveTextAsync(["total_bill (double)", "day (string)"]);
        var raw = rows.Filter(new() { HasText = "def456" });
        await Expect(raw.Locator("td").Nth(4)).ToHaveTextAsync("—");
        // The metric chart asks the downsampled endpoint first; a 404 there is the only problem allowed.
        Assert.DoesNotContain(page.Problems, p => !(p.Contains("status of 404", StringComparison.Ordinal) && p.Contains("get-history-downsampled", StringComparison.Ordinal)));
    }
}
