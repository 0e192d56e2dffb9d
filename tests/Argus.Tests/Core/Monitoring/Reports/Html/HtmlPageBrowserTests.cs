using Argus.Core.Monitoring.Reports.Html;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Monitoring.Reports.Html;

/// <summary>A report page opens in Chromium with no console error, uncaught exception or request, on a laptop and a phone screen.</summary>
public sealed class HtmlPageBrowserTests(Browser browser) : IClassFixture<Browser>, IDisposable
{
    private readonly TempDirectory _directory = new("argus-html");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task Page_WithCharts_OpensCleanAndFitsTheScreen(int width, int height)
    {
        var path = _directory.Combine("report.html");
        await File.WriteAllTextAsync(path, HtmlPage.Render("Data drift: tips", DateTimeOffset.UnixEpoch, html =>
        {
            html.Element("h2", "Columns").Markup("<div class=\"scroll\"><table>").HeaderRow("column", "distribution");
            html.Markup("<tr>").Element("td", "total_bill").Markup("<td>")
                .Markup(SvgCharts.Distribution(["3.07", "50.81"], [0.6, 0.4], [0.3, 0.7])).Markup(SvgCharts.DistributionLegend)
                .Markup("</td></tr></table></div>");
            html.Markup(SvgCharts.Lines(["a", "b"], [("x", [1.0, 2.0])], threshold: 1.5));
        }));

        await using var page = await browser.OpenAsync(new Uri(path).AbsoluteUri, width, height);

        Assert.Empty(page.Problems);
        Assert.Equal("Data drift: tips", await page.Page.TitleAsync());
        Assert.Equal(4, await page.Page.Locator("table rect").CountAsync());
        // Nothing wider than the screen but the scrolling table.
        var overflow = await page.Page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"page is {overflow}px wider than the {width}px screen");
    }
}
