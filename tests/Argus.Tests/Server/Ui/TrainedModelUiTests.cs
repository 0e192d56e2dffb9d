using System.Globalization;
using Argus.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Argus.Tests.Server.Ui;

/// <summary>
/// The pages of a trained, registered and evaluated model in Chromium (<see cref="TrainedModelSeed"/>): the run page
/// shows the model manifest and the versions registered from it; the model page shows each version's held-out metrics,
/// links to the Predict page and the champion/challenger evaluation with the better values marked.
/// </summary>
public sealed class TrainedModelUiTests(Browser browser, TrainedModelSeed seed) : IClassFixture<Browser>, IClassFixture<TrainedModelSeed>
{
    private const string Model = TrainedModelSeed.Model;

    private string Url(string hash) => $"{seed.Server.BaseAddress.AbsoluteUri.TrimEnd('/')}/#/{hash}";

    [Fact]
    public async Task RunPage_ShowsTheModelManifestAndItsRegisteredVersions()
    {
        await using var page = await browser.OpenAsync(Url($"runs/{seed.First.RunId}"));
        var manifest = page.Page.GetByTestId("manifest");
        await Expect(manifest).ToContainTextAsync("regression");
        await Expect(manifest).ToContainTextAsync("XGBoost 1.7");
        var signature = manifest.Locator("[data-testid=signature] tbody tr");
        await Expect(signature).ToHaveCountAsync(6);
        var inputs = await signature.Locator("td:first-child").AllTextContentsAsync();
        Assert.Equal(["day", "sex", "size", "smoker", "time", "total_bill"], inputs.Order(StringComparer.Ordinal));
        await Expect(manifest.Locator("[data-testid=signature] tbody tr", new() { HasText = "total_bill" })).ToContainTextAsync("numerical");
        await Expect(manifest.Locator("[data-testid=signature] tbody tr", new() { HasText = "smoker" })).ToContainTextAsync("categorical");

        // The held-out metrics are the manifest's: the values training measured on the test rows.
        var rmse = manifest.Locator("[data-testid=manifest-metrics] tr", new() { HasText = "test_rmse" });
        await Expect(rmse.Locator("td")).ToHaveTextAsync(Format(seed.First.TestMetrics["test_rmse"]));

        var registered = manifest.GetByTestId("manifest-versions");
        await Expect(registered).ToContainTextAsync($"{Model} v1 (@champion)");
        await Expect(registered.GetByRole(AriaRole.Link, new() { Name = "Predict" })).ToHaveAttributeAsync("href", $"#/predict/{Model}?version=1");
        // The training data's schema, as Argus records it ([name, type] pairs), lists the real column names.
        await Expect(page.Page.GetByTestId("dataset-inputs")).ToContainTextAsync("total_bill (numerical)");

        // The chart starts on the metrics with a history (the per-round losses), not on single values.
        await Expect(page.Page.Locator("input[name=metric]:checked")).ToHaveCountAsync(2);
        Assert.Equal(["train-rmse", "validation-rmse"], await page.Page.Locator("input[name=metric]:checked").EvaluateAllAsync<string[]>("els => els.map(e => e.value)"));
        await UiScreenshots.SaveAsync(page, "run-model-1280x800", fullPage: true);
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task RunPage_WithoutAModel_SaysSoWithoutAFailedRequest()
    {
        await using var page = await browser.OpenAsync(Url($"runs/{seed.Evaluation.RunId}"));
        await Expect(page.Page.GetByTestId("manifest")).ToHaveTextAsync("This run logged no model.");
        Assert.Empty(page.Problems); // no 404 in the console: the page lists the folder before fetching the file
    }

    [Fact]
    public async Task ModelPage_VersionsShowTheirRunsMetricsAndLinkToPredict()
    {
        await using var page = await browser.OpenAsync(Url($"models/{Model}"));
        var table = page.Page.GetByTestId("versions");
        var rows = table.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        var headers = await table.Locator("thead th").AllTextContentsAsync();
        Assert.Contains("test_rmse", headers);
        var column = headers.ToList().IndexOf("test_rmse");
        await Expect(rows.Nth(0).Locator("td").Nth(column)).ToHaveTextAsync(Format(seed.Second.TestMetrics["test_rmse"]));
        await Expect(rows.Nth(1).Locator("td").Nth(column)).ToHaveTextAsync(Format(seed.First.TestMetrics["test_rmse"]));
        await Expect(rows.Nth(0).GetByRole(AriaRole.Link, new() { Name = "Predict with v2" })).ToHaveAttributeAsync("href", $"#/predict/{Model}?version=2");
        await Expect(page.Page.GetByTestId("predict-champion")).ToHaveAttributeAsync("href", $"#/predict/{Model}?alias=champion");
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task ModelPage_ShowsTheEvaluationWithTheBetterValueMarked()
    {
        await using var page = await browser.OpenAsync(Url($"models/{Model}"));
        var evaluations = page.Page.GetByTestId("evaluations");
        var row = evaluations.Locator("tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("v2");
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("v1");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync(seed.Evaluation.Rows.ToString(CultureInfo.InvariantCulture));

        var headers = (await evaluations.Locator("thead th").AllTextContentsAsync()).ToList();
        foreach (var metric in new[] { "rmse", "r2" })
        {
            var (candidate, baseline) = (seed.Evaluation.Candidate[metric], seed.Evaluation.Baseline![metric]);
            var cell = row.Locator("td").Nth(headers.IndexOf(metric));
            await Expect(cell).ToHaveTextAsync($"{Format(candidate)} / {Format(baseline)}");
            var candidateWins = metric == "r2" ? candidate > baseline : candidate < baseline;
            await Expect(cell).ToHaveAttributeAsync("data-winner", candidateWins ? "candidate" : "baseline");
            await Expect(cell.Locator(".best")).ToHaveTextAsync(Format(candidateWins ? candidate : baseline));
        }

        await Expect(row.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"#/runs/{seed.Evaluation.RunId}");
        await UiScreenshots.SaveAsync(page, "model-evaluations-1280x800", fullPage: true);
        Assert.Empty(page.Problems);
    }

    /// <summary>How the UI's formatNumber shows a metric: integers as they are, else six significant digits.</summary>
    private static string Format(double value) =>
        value == Math.Floor(value) ? value.ToString("R", CultureInfo.InvariantCulture)
        : Math.Abs(value) is < 1e-3 or >= 1e6 ? throw new ArgumentOutOfRangeException(nameof(value), value, "exponent form is not expected here")
        : double.Parse(value.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
}
