using System.Globalization;
using System.Net;
using Argus.Tests.Core.Data;
using Argus.Tests.Server.Endpoints;
using Argus.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Argus.Tests.Server.Ui;

/// <summary>
/// The Predict page in Chromium against a real server holding the registered tips model of <see cref="PredictSeed"/>
/// (<c>@champion</c> on version 1): the form generated from the signature predicts what the predict endpoint answers,
/// keeps its values in the URL, pasted CSV rows get a table, and the server's errors show inline. Screenshots go to
/// <see cref="UiScreenshots.Directory"/>.
/// </summary>
public sealed class PredictUiTests(Browser browser, PredictSeed seed) : IClassFixture<Browser>, IClassFixture<PredictSeed>
{
    private const string Model = PredictSeed.Model;

    private const string Row = """{"dataframe_records": [{"total_bill": 16.99, "sex": "Female", "smoker": "No", "day": "Sun", "time": "Dinner", "size": 2}]}""";

    private const string RowLink = "in.total_bill=16.99&in.sex=Female&in.smoker=No&in.day=Sun&in.time=Dinner&in.size=2";

    private string Url(string hash) => $"{seed.Server.BaseAddress.AbsoluteUri.TrimEnd('/')}/#/{hash}";

    [Fact]
    public async Task PredictPage_Champion_ShowsWhatTheEndpointPredictsAndAReloadRefillsTheForm()
    {
        await using var page = await browser.OpenAsync(Url($"predict/{Model}"));
        var p = page.Page;
        await Expect(p.Locator("h1")).ToHaveTextAsync($"Predict with {Model}");
        await Expect(p.GetByLabel("Model version")).ToHaveValueAsync("alias:champion"); // the default: @champion
        await Expect(p.GetByTestId("signature")).ToContainTextAsync("Predicts tip with version 1");
        Assert.Contains("alias=champion", p.Url, StringComparison.Ordinal);

        await p.GetByLabel("total_bill", new() { Exact = true }).FillAsync("16.99");
        await p.GetByLabel("size", new() { Exact = true }).SelectOptionAsync("2"); // few distinct values: a category
        await p.GetByLabel("sex", new() { Exact = true }).SelectOptionAsync("Female");
        await p.GetByLabel("smoker", new() { Exact = true }).SelectOptionAsync("No");
        await p.GetByLabel("day", new() { Exact = true }).SelectOptionAsync("Sun");
        await p.GetByLabel("time", new() { Exact = true }).SelectOptionAsync("Dinner");
        await p.GetByRole(AriaRole.Button, new() { Name = "Predict", Exact = true }).ClickAsync();

        var shown = p.Locator("#predict-result[role=status]").GetByTestId("prediction");
        await Expect(shown).ToBeVisibleAsync();
        var text = await shown.TextContentAsync();
        Assert.Equal(await PredictedAsync("alias=champion"), double.Parse(text!, CultureInfo.InvariantCulture));
        await Expect(p.GetByTestId("answered-by")).ToHaveTextAsync("Answered by version 1 (@champion).");
        await Expect(p.Locator("#predict-result")).ToContainTextAsync("Predicted tip:");
        var curl = p.GetByTestId("curl");
        await Expect(curl).ToContainTextAsync("argus serve --model models:/tips@champion --port 5001");
        await Expect(curl).ToContainTextAsync("curl -s http://127.0.0.1:5001/invocations -H 'Content-Type: application/json'");
        await Expect(curl).ToContainTextAsync("""{"dataframe_records":[{"total_bill":16.99,"sex":"Female","smoker":"No","day":"Sun","time":"Dinner","size":"2"}]}""");
        await Expect(p.Locator(".note")).ToContainTextAsync("not written to the inference log");
        await Screenshot(page, "predict-1280x800", fullPage: true);
        foreach (var part in RowLink.Split('&'))
        {
            Assert.Contains(part, p.Url, StringComparison.Ordinal);
        }

        // A deep link: the reloaded page fills the form from the URL and predicts once.
        await p.ReloadAsync();
        await Expect(p.GetByLabel("total_bill", new() { Exact = true })).ToHaveValueAsync("16.99");
        await Expect(p.GetByLabel("size", new() { Exact = true })).ToHaveValueAsync("2");
        await Expect(p.GetByLabel("sex", new() { Exact = true })).ToHaveValueAsync("Female");
        await Expect(p.GetByLabel("day", new() { Exact = true })).ToHaveValueAsync("Sun");
        await Expect(p.GetByLabel("time", new() { Exact = true })).ToHaveValueAsync("Dinner");
        await Expect(shown).ToHaveTextAsync(text!);
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task PredictPage_AnotherVersionChosen_ThatVersionAnswersTheSameValues()
    {
        await using var page = await browser.OpenAsync(Url($"predict/{Model}?alias=champion&{RowLink}"));
        var p = page.Page;
        var shown = p.GetByTestId("prediction");
        await Expect(p.GetByTestId("answered-by")).ToHaveTextAsync("Answered by version 1 (@champion).");
        Assert.Equal(await PredictedAsync("version=1"), double.Parse((await shown.TextContentAsync())!, CultureInfo.InvariantCulture));

        await p.GetByLabel("Model version").SelectOptionAsync("version:2");

        await Expect(p.GetByTestId("answered-by")).ToHaveTextAsync("Answered by version 2.");
        Assert.Equal(await PredictedAsync("version=2"), double.Parse((await shown.TextContentAsync())!, CultureInfo.InvariantCulture));
        Assert.Contains("version=2", p.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("alias=", p.Url, StringComparison.Ordinal);
        await Expect(p.GetByTestId("curl")).ToContainTextAsync("models:/tips/2");
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task PredictPage_SeveralRows_ShowsATableOfPredictionsAndTheServersErrorInline()
    {
        await using var page = await browser.OpenAsync(Url($"predict/{Model}"));
        var p = page.Page;
        await p.GetByRole(AriaRole.Tab, new() { Name = "One row" }).FocusAsync();
        await p.Keyboard.PressAsync("ArrowRight"); // the ARIA tabs pattern: arrows move between tabs
        var rowsTab = p.GetByRole(AriaRole.Tab, new() { Name = "Several rows" });
        await Expect(rowsTab).ToBeFocusedAsync();
        await Expect(rowsTab).ToHaveAttributeAsync("aria-selected", "true");
        Assert.Contains("tab=rows", p.Url, StringComparison.Ordinal);

        var csv = string.Join("\n", File.ReadLines(DataFixtures.TipsPath).Take(4));
        await p.GetByLabel("Rows as CSV", new() { Exact = true }).FillAsync(csv);
        await p.GetByRole(AriaRole.Button, new() { Name = "Predict rows" }).ClickAsync();

        var rows = p.Locator("[data-testid=rows-predictions] tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(p.GetByTestId("rows-summary")).ToContainTextAsync("3 predictions. Answered by version 1 (@champion).");
        var expected = await PredictedAsync("alias=champion", csv, "text/csv");
        var predicted = (await p.Locator("[data-testid=rows-predictions] td.prediction").AllTextContentsAsync())
            .Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(expected, predicted);
        await Expect(rows.First).ToContainTextAsync("Female");
        await Screenshot(page, "predict-rows-1280x800", fullPage: true);

        const string bad = "total_bill,sex,smoker,day,time,size\nabc,Female,No,Sun,Dinner,2";
        await p.GetByLabel("Rows as CSV", new() { Exact = true }).FillAsync(bad);
        await p.GetByRole(AriaRole.Button, new() { Name = "Predict rows" }).ClickAsync();

        var error = p.Locator("#rows-error [role=alert]");
        await Expect(error).ToHaveTextAsync(await ErrorMessageAsync("alias=champion", bad, "text/csv"));
        await Expect(error).ToContainTextAsync("'total_bill' must be a number");
        await Expect(p.GetByLabel("Rows as CSV", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(rows).ToHaveCountAsync(0);
        await Screenshot(page, "predict-rows-error-1280x800");
        // The browser reports the 400 answer itself; nothing else may appear.
        AssertNoProblems(page, "status of 400", "model-versions/predict");
    }

    [Fact]
    public async Task PredictPage_UnknownAlias_ShowsTheServersErrorInline()
    {
        await using var page = await browser.OpenAsync(Url($"predict/{Model}?alias=nope"));
        var p = page.Page;
        await Expect(p.Locator("h1")).ToHaveTextAsync($"Predict with {Model}");
        var error = p.Locator("#signature-error [role=alert]");
        var reply = await seed.Server.GetAsync($"{PredictSeed.ArgusApi}/model-versions/signature?name={Model}&alias=nope");
        reply.AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await Expect(error).ToHaveTextAsync(reply.Message);
        await Expect(p.GetByLabel("Model version")).ToHaveValueAsync("alias:nope"); // the chooser still offers the versions
        await p.GetByLabel("Model version").SelectOptionAsync("alias:champion");
        await Expect(p.GetByTestId("signature")).ToContainTextAsync("version 1");
        AssertNoProblems(page, "status of 404", "model-versions/signature");
    }

    [Fact]
    public async Task PredictPage_NumberBoxHoldingNoNumber_SaysSoAndSendsNothing()
    {
        await using var page = await browser.OpenAsync(Url($"predict/{Model}?version=1"));
        var p = page.Page;
        var total = p.GetByLabel("total_bill", new() { Exact = true });
        await total.FocusAsync();
        await p.Keyboard.TypeAsync("1e"); // the browser accepts the keys but has no number
        await p.GetByRole(AriaRole.Button, new() { Name = "Predict", Exact = true }).ClickAsync();

        await Expect(p.Locator("#predict-error [role=alert]")).ToContainTextAsync("Not a number: total_bill");
        await Expect(total).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(total).ToBeFocusedAsync();
        await Expect(p.GetByTestId("prediction")).ToHaveCountAsync(0);
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task PredictPage_OnAPhoneScreen_FitsTheWidth()
    {
        await using var page = await browser.OpenAsync(Url($"predict/{Model}?alias=champion&{RowLink}"), 390, 844);
        var p = page.Page;
        await Expect(p.GetByTestId("answered-by")).ToHaveTextAsync("Answered by version 1 (@champion).");
        await Screenshot(page, "predict-390x844", fullPage: true);
        var overflow = await p.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"page is {overflow}px wider than the 390px screen");
        Assert.Empty(page.Problems);
    }

    private async Task<List<double>> PredictedAsync(string selector, string body, string contentType)
    {
        var reply = await seed.Server.SendAsync(HttpMethod.Post, $"{PredictSeed.ArgusApi}/model-versions/predict?name={Model}&{selector}", ServerFixture.Typed(body, contentType));
        reply.AssertOk();
        return [.. reply.Json.GetProperty("predictions").EnumerateArray().Select(e => e.GetDouble())];
    }

    private async Task<double> PredictedAsync(string selector) => (await PredictedAsync(selector, Row, "application/json")).Single();

    private async Task<string> ErrorMessageAsync(string selector, string body, string contentType)
    {
        var reply = await seed.Server.SendAsync(HttpMethod.Post, $"{PredictSeed.ArgusApi}/model-versions/predict?name={Model}&{selector}", ServerFixture.Typed(body, contentType));
        reply.AssertError(HttpStatusCode.BadRequest, "BAD_REQUEST");
        return reply.Message;
    }

    /// <summary>No problem but those whose text holds both <paramref name="status"/> and <paramref name="resource"/>.</summary>
    private static void AssertNoProblems(BrowserPage page, string status, string resource)
    {
        var unexpected = page.Problems
            .Where(p => !(p.Contains(status, StringComparison.Ordinal) && p.Contains(resource, StringComparison.Ordinal)))
            .ToList();
        Assert.Empty(unexpected);
    }

    private static Task Screenshot(BrowserPage page, string name, bool fullPage = false) => UiScreenshots.SaveAsync(page, name, fullPage);
}
