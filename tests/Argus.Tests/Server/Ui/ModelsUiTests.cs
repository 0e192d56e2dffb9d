using System.Text.Json;
using Argus.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Argus.Tests.Server.Ui;

/// <summary>
/// The model registry pages in Chromium against a real <c>argus server</c>. Each test starts its own server and seeds
/// it through the API (a registered model <c>tips</c> with v1 and v2 from two runs, <c>@champion</c> on v1), since the
/// alias moves change the state. Screenshots go to <see cref="UiScreenshots.Directory"/>.
/// </summary>
public sealed class ModelsUiTests(Browser browser) : IClassFixture<Browser>
{
    private const string Model = "tips";

    [Fact]
    public async Task ModelsPage_ListsTheModelAndSearchesOnTheServer()
    {
        await using var server = await StartSeededAsync();
        await CreateModelAsync(server.Server, "iris-classifier");
        await using var page = await browser.OpenAsync(Url(server.Server, "models"));
        var rows = page.Page.Locator("[data-testid=models] tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        var tips = rows.Filter(new() { HasText = Model });
        await Expect(tips).ToContainTextAsync("@champion → v1");
        await Expect(tips).ToContainTextAsync("v2");
        await Screenshot(page, "models-1280x800");

        await page.Page.GetByLabel("Search models").FillAsync("TI");
        await page.Page.GetByLabel("Search models").PressAsync("Enter");
        await Expect(rows).ToHaveCountAsync(1); // ILIKE: case-insensitive
        Assert.Contains("q=TI", page.Page.Url, StringComparison.Ordinal);
        await page.Page.GetByRole(AriaRole.Link, new() { Name = Model, Exact = true }).ClickAsync();
        await Expect(page.Page.Locator("h1")).ToHaveTextAsync(Model);
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task ModelPage_ShowsDescriptionTagsVersionsAliasesAndHistory()
    {
        await using var server = await StartSeededAsync();
        await using var page = await browser.OpenAsync(Url(server.Server, $"models/{Model}"));
        await Expect(page.Page.Locator("h1")).ToHaveTextAsync(Model);
        await Expect(page.Page.GetByTestId("description")).ToHaveTextAsync("Predicts the tip.");
        await Expect(page.Page.GetByTestId("model-tags")).ToContainTextAsync("team");
        var versions = page.Page.Locator("[data-testid=versions] tbody tr");
        await Expect(versions).ToHaveCountAsync(2);
        await Expect(versions.Nth(0)).ToContainTextAsync("v2");
        await Expect(versions.Nth(1)).ToContainTextAsync("v1");
        await Expect(versions.Nth(1)).ToContainTextAsync("@champion");
        await Expect(versions.Nth(1).GetByRole(AriaRole.Link, new() { Name = server.Run1 })).ToHaveAttributeAsync("href", $"#/runs/{server.Run1}");
        await Expect(page.Page.GetByTestId("aliases")).ToHaveTextAsync("@champion → v1");
        await Expect(page.Page.Locator("[data-testid=history] tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Page.Locator("[data-testid=history] tbody tr")).ToContainTextAsync("first release");
        await Screenshot(page, "model-1280x800", fullPage: true);
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task MoveAlias_Confirmed_MovesTheAliasAndAddsAHistoryRowWithWhoAndWhy()
    {
        await using var server = await StartSeededAsync();
        await using var page = await browser.OpenAsync(Url(server.Server, $"models/{Model}"));
        await page.Page.GetByLabel("Alias", new() { Exact = true }).SelectOptionAsync("champion");
        await page.Page.GetByLabel("Target version").SelectOptionAsync("2");
        Assert.Contains("to=2", page.Page.Url, StringComparison.Ordinal);
        await page.Page.GetByLabel("Reason").FillAsync("v2 wins on rmse");
        await page.Page.GetByLabel("Your name").FillAsync("Zoë Ops");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Move alias…" }).ClickAsync();

        var dialog = page.Page.GetByRole(AriaRole.Dialog, new() { Name = "Move alias?" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("Move @champion from v1 to v2?");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await page.Page.Keyboard.PressAsync("Tab"); // focus stays in the dialog
        await Expect(dialog.GetByTestId("confirm-move")).ToBeFocusedAsync();
        await page.Page.Keyboard.PressAsync("Tab");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await Screenshot(page, "model-move-dialog-1280x800");
        await dialog.GetByTestId("confirm-move").ClickAsync();

        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.Page.GetByTestId("aliases")).ToHaveTextAsync("@champion → v2");
        await Expect(page.Page.Locator("#move-status")).ToContainTextAsync("Moved @champion from v1 to v2.");
        var history = page.Page.Locator("[data-testid=history] tbody tr");
        await Expect(history).ToHaveCountAsync(2);
        await Expect(history.First).ToContainTextAsync("@champion");
        await Expect(history.First).ToContainTextAsync("v1 → v2");
        await Expect(history.First).ToContainTextAsync("v2 wins on rmse");
        await Expect(history.First.Locator("td").Nth(1)).ToHaveTextAsync("Zoë Ops"); // sent as X-Argus-User, percent-encoded UTF-8

        // The name is remembered in this browser for the next move.
        await page.Page.ReloadAsync();
        await Expect(page.Page.GetByLabel("Your name")).ToHaveValueAsync("Zoë Ops");
        await Expect(page.Page.Locator("[data-testid=versions] tbody tr").Nth(0)).ToContainTextAsync("@champion");
        Assert.Equal("2", await AliasVersionAsync(server.Server));
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task MoveAlias_WithoutAName_AsksForOneAndOpensNoDialog()
    {
        await using var server = await StartSeededAsync();
        await using var page = await browser.OpenAsync(Url(server.Server, $"models/{Model}"));
        await page.Page.GetByLabel("Target version").SelectOptionAsync("2");
        await page.Page.GetByLabel("Reason").FillAsync("v2 wins");
        await page.Page.GetByLabel("Your name").FillAsync("  ");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Move alias…" }).ClickAsync();

        await Expect(page.Page.Locator("#move-error [role=alert]")).ToContainTextAsync("Give your name");
        await Expect(page.Page.GetByLabel("Your name")).ToBeFocusedAsync();
        await Expect(page.Page.GetByRole(AriaRole.Dialog)).ToBeHiddenAsync();
        Assert.Equal("1", await AliasVersionAsync(server.Server));
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task MoveAlias_CancelledOrEscaped_ChangesNothing()
    {
        await using var server = await StartSeededAsync();
        await using var page = await browser.OpenAsync(Url(server.Server, $"models/{Model}"));
        await page.Page.GetByLabel("Target version").SelectOptionAsync("2");
        await page.Page.GetByLabel("Reason").FillAsync("not yet");
        await page.Page.GetByLabel("Your name").FillAsync("ops");
        var open = page.Page.GetByRole(AriaRole.Button, new() { Name = "Move alias…" });
        var dialog = page.Page.GetByRole(AriaRole.Dialog);

        await open.ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(open).ToBeFocusedAsync();

        await open.PressAsync("Enter"); // the keyboard opens it too; Escape closes it
        await Expect(dialog).ToBeVisibleAsync();
        await page.Page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(open).ToBeFocusedAsync();

        await Expect(page.Page.GetByTestId("aliases")).ToHaveTextAsync("@champion → v1");
        await Expect(page.Page.Locator("[data-testid=history] tbody tr")).ToHaveCountAsync(1);
        Assert.Equal("1", await AliasVersionAsync(server.Server));
        var history = await server.Server.GetAsync($"/api/2.0/argus/registered-models/history?name={Model}");
        history.AssertOk();
        Assert.Equal(1, history.Json.GetProperty("events").GetArrayLength());
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task MoveAlias_MovedMeanwhileThroughTheApi_ShowsTheServersErrorInline()
    {
        await using var server = await StartSeededAsync();
        await using var page = await browser.OpenAsync(Url(server.Server, $"models/{Model}"));
        await Expect(page.Page.GetByTestId("aliases")).ToHaveTextAsync("@champion → v1");

        // Someone else moves @champion while this page still shows it on v1.
        (await server.Server.PostAsync(ServerFixture.Api + "/registered-models/alias",
            $$"""{"name":"{{Model}}","alias":"champion","version":"2","reason":"moved elsewhere"}""")).AssertOk();

        await page.Page.GetByLabel("Target version").SelectOptionAsync("2");
        await page.Page.GetByLabel("Reason").FillAsync("stale view");
        await page.Page.GetByLabel("Your name").FillAsync("ops");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Move alias…" }).ClickAsync();
        await page.Page.GetByTestId("confirm-move").ClickAsync();

        var error = page.Page.Locator("#move-error [role=alert]");
        await Expect(error).ToContainTextAsync("changed; nothing was moved");
        await Expect(error).ToContainTextAsync("points at version 2");
        await Expect(page.Page.GetByTestId("aliases")).ToHaveTextAsync("@champion → v2"); // refreshed to the truth
        await Expect(page.Page.Locator("[data-testid=history] tbody tr").First).ToContainTextAsync("moved elsewhere");
        await Screenshot(page, "model-stale-move-1280x800");
        Assert.Equal("2", await AliasVersionAsync(server.Server));
        // The browser reports the refused move-aliases request (409 RESOURCE_CONFLICT); nothing else may appear.
        var unexpected = page.Problems.Where(p => !(p.Contains("status of 409", StringComparison.Ordinal) && p.Contains("move-aliases", StringComparison.Ordinal))).ToList();
        Assert.Empty(unexpected);
    }

    [Theory]
    [InlineData("models", "models-390x844")]
    [InlineData("models/tips", "model-390x844")]
    public async Task Pages_OnAPhoneScreen_FitTheWidth(string hash, string name)
    {
        await using var server = await StartSeededAsync();
        await using var page = await browser.OpenAsync(Url(server.Server, hash), 390, 844);
        await Expect(page.Page.Locator("h1")).Not.ToHaveTextAsync(string.Empty);
        await Expect(page.Page.GetByText("@champion → v1").First).ToBeVisibleAsync();
        await Screenshot(page, name, fullPage: true);
        var overflow = await page.Page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"page is {overflow}px wider than the 390px screen");
        if (hash != "models")
        {
            await page.Page.GetByLabel("Reason").FillAsync("phone");
            await page.Page.GetByLabel("Your name").FillAsync("ops");
            await page.Page.GetByRole(AriaRole.Button, new() { Name = "Move alias…" }).ClickAsync();
            await Expect(page.Page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
            await Screenshot(page, "model-move-dialog-390x844");
        }

        Assert.Empty(page.Problems);
    }

    private static string Url(ServerFixture server, string hash) => $"{server.BaseAddress.AbsoluteUri.TrimEnd('/')}/#/{hash}";

    /// <summary>A server with model <c>tips</c>: v1 from run 1, v2 from run 2, <c>@champion</c> on v1 (reason "first release").</summary>
    private static async Task<RegistryUiServer> StartSeededAsync()
    {
        var server = new ServerFixture();
        try
        {
            await server.InitializeAsync();
            var experiment = await server.CreateExperimentAsync("models-ui");
            var run1 = await server.CreateRunAsync(experiment, "\"run_name\":\"train-1\"");
            var run2 = await server.CreateRunAsync(experiment, "\"run_name\":\"train-2\"");
            await CreateModelAsync(server, Model, "Predicts the tip.");
            (await server.PostAsync(ServerFixture.Api + "/registered-models/set-tag", $$"""{"name":"{{Model}}","key":"team","value":"ui"}""")).AssertOk();
            foreach (var run in new[] { run1, run2 })
            {
                (await server.PostAsync(ServerFixture.Api + "/model-versions/create",
                    $$"""{"name":"{{Model}}","source":"runs:/{{run}}/model","run_id":"{{run}}"}""")).AssertOk();
            }

            (await server.PostAsync(ServerFixture.Api + "/registered-models/alias",
                $$"""{"name":"{{Model}}","alias":"champion","version":"1","reason":"first release"}""")).AssertOk();
            return new RegistryUiServer(server, run1, run2);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private static async Task CreateModelAsync(ServerFixture server, string name, string? description = null) =>
        (await server.PostAsync(ServerFixture.Api + "/registered-models/create",
            JsonSerializer.Serialize(new Dictionary<string, string?> { ["name"] = name, ["description"] = description }))).AssertOk();

    private static async Task<string?> AliasVersionAsync(ServerFixture server)
    {
        var reply = await server.GetAsync($"{ServerFixture.Api}/registered-models/alias?name={Model}&alias=champion");
        reply.AssertOk();
        return reply.Json.GetProperty("model_version").GetProperty("version").GetString();
    }

    private static Task Screenshot(BrowserPage page, string name, bool fullPage = false) => UiScreenshots.SaveAsync(page, name, fullPage);
}
