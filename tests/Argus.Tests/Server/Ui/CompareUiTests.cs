using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Argus.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Argus.Tests.Server.Ui;

/// <summary>
/// The Compare runs page in Chromium against the seeded server of <see cref="UiSeed"/>, on runs each test logs into an
/// experiment of its own: chosen from the runs table, it shows one column per run, marks differing params and the best
/// metric values, draws the overlay, parallel and scatter charts, keeps every choice in the URL and fits a phone.
/// </summary>
public sealed class CompareUiTests(Browser browser, UiSeed seed) : IClassFixture<Browser>, IClassFixture<UiSeed>
{
    /// <summary>The runs each test logs: lr and optimizer differ, max_depth does not; b has the best rmse, c the best accuracy.</summary>
    private static readonly (string Name, string Lr, string Optimizer, double Rmse, double Accuracy)[] Runs =
        [("cmp-a", "0.1", "adam", 0.5, 0.91), ("cmp-b", "0.01", "sgd", 0.3, 0.88), ("cmp-c", "0.05", "adam", 0.8, 0.95), ("cmp-d", "0.2", "sgd", 0.6, 0.9)];

    private string Url(string hash) => $"{seed.Server.BaseAddress.AbsoluteUri.TrimEnd('/')}/#/{hash}";

    [Fact]
    public async Task RunsTable_CompareThreeSelected_ShowsColumnsDifferencesBestValuesAndChartsAndSurvivesReload()
    {
        var (experiment, _) = await SeedAsync();
        await using var page = await browser.OpenAsync(Url($"experiments/{experiment}"));
        await Expect(page.Page.Locator("[data-testid=runs] tbody tr")).ToHaveCountAsync(4);
        var compare = page.Page.GetByTestId("compare");
        await Expect(compare).ToBeDisabledAsync();

        await page.Page.GetByLabel("Select cmp-a").CheckAsync();
        await Expect(compare).ToBeDisabledAsync(); // one run is no comparison
        await page.Page.GetByLabel("Select cmp-b").CheckAsync();
        await page.Page.GetByLabel("Select cmp-c").CheckAsync();
        await Expect(page.Page.GetByTestId("selection")).ToHaveTextAsync("3 selected");
        await Expect(compare).ToBeEnabledAsync();
        await compare.ClickAsync();

        await Expect(page.Page.Locator("h1")).ToHaveTextAsync("Compare 3 runs");
        Assert.Contains("#/compare?runs=", page.Page.Url, StringComparison.Ordinal);
        await AssertComparisonAsync(page.Page);

        // Only differences: max_depth, the same everywhere, goes; the choice is in the URL.
        await page.Page.GetByLabel("Only differences").CheckAsync();
        await Expect(page.Page.Locator("[data-testid=compare-params] tbody tr")).ToHaveCountAsync(2);
        Assert.Contains("diff=1", page.Page.Url, StringComparison.Ordinal);

        await page.Page.Locator("#overlay-metric").SelectOptionAsync("accuracy");
        await Expect(page.Page.Locator("[data-testid=overlay-chart]")).ToHaveAttributeAsync("aria-label", new Regex("^History of accuracy"));
        await page.Page.Locator("#scatter-param").SelectOptionAsync("optimizer");
        await Expect(page.Page.Locator("#scatter-param")).ToHaveValueAsync("optimizer");
        await Expect(page.Page.Locator("[data-testid=scatter-chart] canvas").First).ToBeVisibleAsync();
        await Expect(page.Page.Locator("[data-testid=overlay-chart] canvas").First).ToBeVisibleAsync();
        await Screenshot(page, "compare-1280x800");
        await Screenshot(page, "compare-1280x800-full", fullPage: true);

        // A deep link: a reload shows the same runs and choices.
        var url = page.Page.Url;
        await page.Page.ReloadAsync();
        Assert.Equal(url, page.Page.Url);
        await Expect(page.Page.Locator("h1")).ToHaveTextAsync("Compare 3 runs");
        await Expect(page.Page.GetByLabel("Only differences")).ToBeCheckedAsync();
        await Expect(page.Page.Locator("[data-testid=compare-params] tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Page.Locator("#overlay-metric")).ToHaveValueAsync("accuracy");
        await Expect(page.Page.Locator("#scatter-param")).ToHaveValueAsync("optimizer");
        await Expect(page.Page.Locator("[data-testid=compare-params] thead th.run-col")).ToHaveCountAsync(3);
        await Expect(page.Page.Locator("[data-testid=overlay-chart] canvas").First).ToBeVisibleAsync();
        await Expect(page.Page.Locator("[data-testid=parallel-chart] canvas").First).ToBeVisibleAsync();
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task DeepLink_OnAPhoneScreen_FitsTheWidth()
    {
        var (_, ids) = await SeedAsync();
        await using var page = await browser.OpenAsync(Url($"compare?runs={string.Join(',', ids.Take(3))}"), 390, 844);
        await Expect(page.Page.Locator("h1")).ToHaveTextAsync("Compare 3 runs");
        await AssertComparisonAsync(page.Page);
        await Screenshot(page, "compare-390x844");
        await Screenshot(page, "compare-390x844-full", fullPage: true);
        var overflow = await page.Page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"page is {overflow}px wider than the 390px screen");
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task DeepLink_WithOneRun_ExplainsHowManyRunsItNeeds()
    {
        var (_, ids) = await SeedAsync();
        await using var page = await browser.OpenAsync(Url($"compare?runs={ids[0]}"));
        await Expect(page.Page.Locator("h1")).ToHaveTextAsync("Compare runs");
        await Expect(page.Page.Locator("[role=alert]")).ToContainTextAsync("between 2 and 10 runs");
        Assert.Empty(page.Problems);
    }

    /// <summary>Runs a to c are shown: three columns, lr and optimizer marked as differing, b's rmse and c's accuracy best.</summary>
    private static async Task AssertComparisonAsync(IPage page)
    {
        await Expect(page.Locator("[data-testid=compare-runs] tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("[data-testid=compare-params] thead th.run-col")).ToHaveCountAsync(3);
        await Expect(page.Locator("[data-testid=compare-metrics] thead th.run-col")).ToHaveCountAsync(3);
        Assert.Equal(["cmp-a", "cmp-b", "cmp-c"], (await page.Locator("[data-testid=compare-params] thead th.run-col a").AllTextContentsAsync()).Order(StringComparer.Ordinal));

        var diff = page.Locator("[data-testid=compare-params] tbody tr.diff");
        Assert.Equal(["lr", "optimizer"], (await diff.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)")).Order(StringComparer.Ordinal));
        await Expect(page.Locator("[data-testid=compare-params] tr[data-key=max_depth]")).Not.ToHaveClassAsync(new Regex("diff"));

        await AssertBestAsync(page, "rmse", "cmp-b", "0.3");
        await AssertBestAsync(page, "accuracy", "cmp-c", "0.95");

        await Expect(page.Locator("[data-testid=overlay-chart] canvas").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=parallel-chart] canvas").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=scatter-chart] canvas").First).ToBeVisibleAsync();
    }

    /// <summary>Exactly one cell of the metric's row is marked best: the one in <paramref name="run"/>'s column.</summary>
    private static async Task AssertBestAsync(IPage page, string metric, string run, string value)
    {
        var best = page.Locator($"[data-testid=compare-metrics] tr[data-key={metric}] td.best");
        await Expect(best).ToHaveCountAsync(1);
        await Expect(best).ToContainTextAsync(value);
        var column = await best.EvaluateAsync<int>("td => td.cellIndex");
        var header = page.Locator("[data-testid=compare-metrics] thead th").Nth(column);
        await Expect(header).ToContainTextAsync(run);
    }

    /// <summary>An experiment of its own with the four <see cref="Runs"/> (ten steps of rmse and accuracy each).</summary>
    private async Task<(string Experiment, List<string> RunIds)> SeedAsync()
    {
        var server = seed.Server;
        var experiment = await server.CreateExperimentAsync(ServerFixture.UniqueName("ui-compare"));
        var ids = new List<string>();
        var start = 1_700_100_000_000L;
        foreach (var (name, lr, optimizer, rmse, accuracy) in Runs)
        {
            var id = await server.CreateRunAsync(experiment, string.Create(CultureInfo.InvariantCulture, $"\"run_name\":\"{name}\",\"start_time\":{start}"));
            var metrics = new StringBuilder();
            for (var step = 0; step < 10; step++)
            {
                var t = start + (step * 1000);
                metrics.Append(CultureInfo.InvariantCulture, $$"""{"key":"rmse","value":{{rmse + ((9 - step) * 0.1)}},"timestamp":{{t}},"step":{{step}}},""");
                metrics.Append(CultureInfo.InvariantCulture, $$"""{"key":"accuracy","value":{{accuracy - ((9 - step) * 0.02)}},"timestamp":{{t}},"step":{{step}}},""");
            }

            var batch = $$"""
                {"run_id":"{{id}}","metrics":[{{metrics.ToString().TrimEnd(',')}}],
                 "params":[{"key":"lr","value":"{{lr}}"},{"key":"max_depth","value":"6"},{"key":"optimizer","value":"{{optimizer}}"}]}
                """;
            (await server.PostAsync(ServerFixture.Api + "/runs/log-batch", batch)).AssertOk();
            (await server.PostAsync(ServerFixture.Api + "/runs/update", $$"""{"run_id":"{{id}}","status":"FINISHED","end_time":{{start + 12_345}}}""")).AssertOk();
            ids.Add(id);
            start += 60_000;
        }

        return (experiment, ids);
    }

    private static Task Screenshot(BrowserPage page, string name, bool fullPage = false) => UiScreenshots.SaveAsync(page, name, fullPage);
}
