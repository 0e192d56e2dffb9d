using Argus.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Argus.Tests.Server.Ui;

/// <summary>
/// The monitoring and alerts pages in Chromium against a real server holding two windows recorded by the real
/// <c>MonitorJob</c> (the second drifted) and two alerts posted to the Alertmanager webhook. Screenshots go to
/// <see cref="UiScreenshots.Directory"/>.
/// </summary>
public sealed class MonitoringUiTests(Browser browser, MonitoringUiSeed seed) : IClassFixture<Browser>, IClassFixture<MonitoringUiSeed>
{
    private string Url(string hash) => $"{seed.Server.BaseAddress.AbsoluteUri.TrimEnd('/')}/#/{hash}";

    [Fact]
    public async Task MonitoringPage_ListsTheModelWithItsLatestWindow()
    {
        await using var page = await browser.OpenAsync(Url(string.Empty));
        await page.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Monitoring" }).ClickAsync();
        await Expect(page.Page.Locator("h1")).ToHaveTextAsync("Monitoring");
        var row = page.Page.Locator("[data-testid=monitored-models] tbody tr[data-model=tips]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("2026-11-23 11:00 UTC"); // the latest window, the drifted one
        await Expect(row).ToContainTextAsync("100");
        await Expect(row.Locator(".drift-yes")).ToHaveTextAsync("drift");
        await Screenshot(page, "monitoring-1280x800");

        await row.GetByRole(AriaRole.Link, new() { Name = MonitoringUiSeed.Model }).ClickAsync();
        await Expect(page.Page.Locator("h1")).ToHaveTextAsync(MonitoringUiSeed.Model);
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task ModelPage_DrawsTheHeatmap_ListsBothWindows_EmbedsTheReport_AndShowsTheModelsAlerts()
    {
        Assert.Equal(2, seed.Windows.Count);
        await using var page = await browser.OpenAsync(Url($"monitoring/{MonitoringUiSeed.Model}"));
        await Expect(page.Page.Locator("h1")).ToHaveTextAsync(MonitoringUiSeed.Model);
        await Expect(page.Page.Locator("[data-testid=drift-heatmap] canvas").First).ToBeVisibleAsync(); // ECharts adds layer canvases for the heatmap
        await Expect(page.Page.Locator("[data-testid=drift-lines] canvas")).ToHaveCountAsync(1);

        var rows = page.Page.Locator("[data-testid=windows] tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-run-id", seed.Windows[1].RunId); // newest first, shown by default
        await Expect(rows.Nth(0).Locator(".drift-yes")).ToHaveCountAsync(1);
        await Expect(rows.Nth(1).Locator(".drift-no")).ToHaveCountAsync(1);
        var drifted = seed.Windows[1].Report!.Drift!;
        await Expect(rows.Nth(0)).ToContainTextAsync($"{drifted.NumberOfDriftedColumns} of {drifted.NumberOfColumns}");

        var frame = page.Page.GetByTestId("report-frame");
        await Expect(frame).ToHaveAttributeAsync("sandbox", string.Empty);
        await Expect(frame).ToHaveAttributeAsync("srcdoc", new System.Text.RegularExpressions.Regex("<!DOCTYPE html>"));
        await Expect(page.Page.GetByRole(AriaRole.Link, new() { Name = "Open the report on its own" }))
            .ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"run_id={seed.Windows[1].RunId}.*report\\.html"));
        await Expect(page.Page.FrameLocator("[data-testid=report-frame]").Locator("body")).ToContainTextAsync("total_bill");
        await Expect(page.Page.GetByTestId("test-suite")).ToContainTextAsync("Test suite");

        var alerts = page.Page.Locator("[data-testid=alerts] tbody tr");
        await Expect(alerts).ToHaveCountAsync(1);
        await Expect(alerts).ToContainTextAsync(MonitoringUiSeed.DriftAlert);
        await Expect(alerts.Locator(".alert-firing")).ToHaveTextAsync("firing");
        await Screenshot(page, "monitoring-model-1280x800", fullPage: true);
        await frame.ScrollIntoViewIfNeededAsync();
        await Screenshot(page, "monitoring-report-1280x800");

        // Choosing the older window puts it in the URL and embeds its report; a reload keeps it.
        await rows.Nth(1).GetByTestId("show-report").ClickAsync();
        await Expect(page.Page.GetByRole(AriaRole.Link, new() { Name = "Open the report on its own" }))
            .ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"run_id={seed.Windows[0].RunId}"));
        await Expect(page.Page.GetByTestId("report-frame")).ToHaveAttributeAsync("srcdoc", new System.Text.RegularExpressions.Regex("<title>tips: 2026-11-23T10:00:00Z"));
        Assert.Contains($"window={seed.Windows[0].RunId}", page.Page.Url, StringComparison.Ordinal);
        await page.Page.ReloadAsync();
        await Expect(page.Page.Locator("[data-testid=windows] tbody tr[aria-current=true]")).ToHaveAttributeAsync("data-run-id", seed.Windows[0].RunId);
        await Expect(page.Page.Locator("[data-testid=drift-heatmap] canvas").First).ToBeVisibleAsync(); // ECharts adds layer canvases for the heatmap
        Assert.Empty(page.Problems);
    }

    [Fact]
    public async Task AlertsPage_ListsAlertsNewestFirst_AndFiltersByStatus()
    {
        await using var page = await browser.OpenAsync(Url(string.Empty));
        await page.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Alerts" }).ClickAsync();
        await Expect(page.Page.Locator("h1")).ToHaveTextAsync("Alerts");
        var rows = page.Page.Locator("[data-testid=alerts] tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page.Page.GetByTestId("alerts")).ToContainTextAsync("model=tips");
        await Expect(page.Page.GetByTestId("alerts")).ToContainTextAsync("runbook_url");
        await Screenshot(page, "alerts-1280x800");

        await page.Page.GetByLabel("Status").SelectOptionAsync("resolved");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync(MonitoringUiSeed.StaleAlert);
        await Expect(rows.Locator(".alert-resolved")).ToHaveTextAsync("resolved");
        Assert.Contains("status=resolved", page.Page.Url, StringComparison.Ordinal);

        await page.Page.GetByLabel("Status").SelectOptionAsync("firing");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync(MonitoringUiSeed.DriftAlert);

        await page.Page.GotoAsync(Url($"alerts?alertname={MonitoringUiSeed.StaleAlert}"));
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(page.Page.GetByLabel("Alert name")).ToHaveValueAsync(MonitoringUiSeed.StaleAlert);

        await page.Page.GotoAsync(Url("alerts?n=1"));
        await Expect(rows).ToHaveCountAsync(1);
        await page.Page.GetByTestId("next-page").ClickAsync();
        await Expect(page.Page.GetByText("Page 2")).ToBeVisibleAsync();
        await Expect(rows).ToHaveCountAsync(1);
        Assert.Empty(page.Problems);
    }

    [Theory]
    [InlineData("monitoring", "monitoring-390x844")]
    [InlineData("monitoring/tips", "monitoring-model-390x844")]
    [InlineData("alerts", "alerts-390x844")]
    public async Task Pages_OnAPhoneScreen_FitTheWidth(string hash, string name)
    {
        await using var page = await browser.OpenAsync(Url(hash), 390, 844);
        await Expect(page.Page.Locator("h1")).Not.ToHaveTextAsync(string.Empty);
        if (hash == "monitoring/tips")
        {
            await Expect(page.Page.Locator("[data-testid=drift-heatmap] canvas").First).ToBeVisibleAsync(); // ECharts adds layer canvases for the heatmap
        }

        await Screenshot(page, name, fullPage: true);
        var overflow = await page.Page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"page is {overflow}px wider than the 390px screen");
        Assert.Empty(page.Problems);
    }

    private static Task Screenshot(BrowserPage page, string name, bool fullPage = false) => UiScreenshots.SaveAsync(page, name, fullPage);
}
