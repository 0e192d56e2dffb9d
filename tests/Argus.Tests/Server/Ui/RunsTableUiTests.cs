using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Argus.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Argus.Tests.Server.Ui;

/// <summary>
/// The runs table with very many columns in Chromium, against a server of its own: from 50 chosen param and metric
/// columns on, only the columns in view are in the document, and scrolling brings the others in with their values.
/// </summary>
public sealed class RunsTableUiTests(Browser browser, ServerFixture server) : IClassFixture<Browser>, IClassFixture<ServerFixture>
{
    private const int Metrics = 120;
    private const int Fixed = 5; // selection, run, status, started, duration

    private static string Key(int i) => "m" + i.ToString("D3", CultureInfo.InvariantCulture);

    // Run r's value of metric i: an integer, so the table shows it as written.
    private static int Value(int run, int i) => (run * 1000) + i;

    [Fact]
    public async Task ManyColumns_OnlyThoseInViewAreInTheDocumentAndScrollingBringsTheRest()
    {
        var experiment = await SeedAsync(runs: 3);
        var cols = string.Join(",", Enumerable.Range(0, Metrics).Select(i => $"metrics.{Key(i)}"));
        await using var page = await browser.OpenAsync($"{server.BaseAddress.AbsoluteUri.TrimEnd('/')}/#/experiments/{experiment}?cols={Uri.EscapeDataString(cols)}");
        var table = page.Page.Locator("[data-testid=runs]");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(3);

        await Expect(table).ToHaveAttributeAsync("aria-colcount", (Fixed + Metrics).ToString(CultureInfo.InvariantCulture));
        await Expect(table.Locator($"button[data-sort='metrics.{Key(0)}']")).ToBeVisibleAsync();
        await Expect(table.Locator($"button[data-sort='metrics.{Key(Metrics - 1)}']")).ToHaveCountAsync(0);
        var headers = await table.Locator("thead th:not(.spacer)").CountAsync();
        Assert.True(headers < Fixed + 30, $"{headers} header cells in the document for {Metrics} columns");
        await Expect(Cell(table, "wide-0", 0)).ToHaveTextAsync(Value(0, 0).ToString(CultureInfo.InvariantCulture));

        await table.Locator("xpath=..").EvaluateAsync("scroller => { scroller.scrollLeft = scroller.scrollWidth; }");

        var last = table.Locator($"button[data-sort='metrics.{Key(Metrics - 1)}']");
        await Expect(last).ToBeVisibleAsync();
        await Expect(table.Locator($"button[data-sort='metrics.{Key(0)}']")).ToHaveCountAsync(0);
        for (var run = 0; run < 3; run++)
        {
            await Expect(Cell(table, $"wide-{run}", Metrics - 1)).ToHaveTextAsync(Value(run, Metrics - 1).ToString(CultureInfo.InvariantCulture));
        }

        // Sorting by a column brought into view works as on a narrow table: newest first before, by the metric after.
        await Expect(table.Locator("tbody tr").First).ToContainTextAsync("wide-2");
        await last.ClickAsync();
        await Expect(page.Page).ToHaveURLAsync(new Regex($"order=metrics\\.{Key(Metrics - 1)}\\+ASC"));
        await Expect(table.Locator("tbody tr").First).ToContainTextAsync("wide-0");
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task ManyColumns_SelectingARunStillCountsIt()
    {
        var experiment = await SeedAsync(runs: 2);
        var cols = string.Join(",", Enumerable.Range(0, Metrics).Select(i => $"metrics.{Key(i)}"));
        await using var page = await browser.OpenAsync($"{server.BaseAddress.AbsoluteUri.TrimEnd('/')}/#/experiments/{experiment}?cols={Uri.EscapeDataString(cols)}");
        var boxes = page.Page.Locator("[data-testid=runs] tbody td.select input");
        await Expect(boxes).ToHaveCountAsync(2);

        await boxes.First.CheckAsync();

        await Expect(page.Page.GetByTestId("selection")).ToHaveTextAsync("1 selected");
        Assert.Empty(page.Problems);
    }

    // The cell of metric i in the row of the named run; aria-colindex counts the fixed columns first, from 1.
    private static ILocator Cell(ILocator table, string runName, int i) =>
        table.Locator("tbody tr").Filter(new() { HasText = runName })
            .Locator($"td[aria-colindex='{(Fixed + i + 1).ToString(CultureInfo.InvariantCulture)}']");

    private async Task<string> SeedAsync(int runs)
    {
        var experiment = await server.CreateExperimentAsync(ServerFixture.UniqueName("wide"));
        for (var run = 0; run < runs; run++)
        {
            var id = await server.CreateRunAsync(experiment, string.Create(CultureInfo.InvariantCulture, $"\"run_name\":\"wide-{run}\",\"start_time\":{1_700_000_000_000L + run}"));
            var metrics = new StringBuilder();
            for (var i = 0; i < Metrics; i++)
            {
                metrics.Append(CultureInfo.InvariantCulture, $$"""{"key":"{{Key(i)}}","value":{{Value(run, i)}},"timestamp":1700000000000,"step":0},""");
            }

            (await server.PostAsync(ServerFixture.Api + "/runs/log-batch", $$"""{"run_id":"{{id}}","metrics":[{{metrics.ToString().TrimEnd(',')}}]}""")).AssertOk();
        }

        return experiment;
    }
}
