using Argus.Core.Data;
using Argus.Core.Monitoring.Reports;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Monitoring.Reports;

/// <summary>A full report (tests, regression, quality) opens in Chromium without a console error.</summary>
public sealed class MonitoringReportBrowserTests(Browser browser) : IClassFixture<Browser>, IDisposable
{
    private readonly TempDirectory _directory = new("argus-report-html");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ToHtml_FullReport_OpensCleanWithEverySection()
    {
        var (referencePath, currentPath) = ReportData.Write(_directory.Path);
        var reference = TableLoader.Load(referencePath, new ColumnMapping { Target = "tip", Prediction = "prediction" });
        var request = new ReportRequest { Reference = reference, Current = TableLoader.Load(currentPath, reference.Schema), Presets = [ReportPreset.Drift, ReportPreset.Target, ReportPreset.Quality, ReportPreset.Regression] };
        var report = MonitoringReports.Compute(request with { Tests = MonitoringReports.DefaultTests(MonitoringReports.Compute(request), true) });
        var path = _directory.Combine("report.html");
        await File.WriteAllTextAsync(path, report.ToHtml());

        await using var page = await browser.OpenAsync(new Uri(path).AbsoluteUri);

        Assert.Empty(page.Problems);
        Assert.Equal(["Tests", "Data drift", "Target and prediction drift", "Regression performance", "Data quality"], await page.Page.Locator("h2").AllInnerTextsAsync());
        Assert.Equal(6, await page.Page.Locator("h2:has-text('Data drift') + div.cards + div.scroll tr:has(td)").CountAsync());
        Assert.True(await page.Page.Locator(".badge.bad").CountAsync() > 0);
        Assert.Equal(8, await page.Page.Locator("h2:has-text('Data quality') ~ div.scroll table tr:has(td)").CountAsync());
    }
}
