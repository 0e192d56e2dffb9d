using System.Xml.Linq;
using Argus.Core.Monitoring.Reports.Html;

namespace Argus.Tests.Core.Monitoring.Reports.Html;

public sealed class SvgChartsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Distribution_BarsScaledToTheLargestShare_WithEscapedTooltips()
    {
        var svg = XElement.Parse(SvgCharts.Distribution(["<a>", "b&c"], [0.75, 0.25], [0.5, 0.5], width: 200, height: 122));

        var bars = svg.Elements(Svg + "rect").ToList();
        Assert.Equal(4, bars.Count);
        Assert.Equal([SvgCharts.ReferenceColor, SvgCharts.CurrentColor, SvgCharts.ReferenceColor, SvgCharts.CurrentColor], bars.Select(b => (string)b.Attribute("fill")!));
        // Plot height 100: the 0.75 bar is full height, the others in proportion.
        Assert.Equal([100.0, 66.67, 33.33, 66.67], bars.Select(b => (double)b.Attribute("height")!));
        Assert.Equal("<a>: reference 75.0%, current 50.0%", bars[0].Element(Svg + "title")!.Value);
        Assert.Equal(["<a>", "b&c"], svg.Elements(Svg + "text").Select(t => t.Value));
    }

    [Fact]
    public void Distribution_LengthsDisagree_Throws()
    {
        Assert.Throws<ArgumentException>(() => SvgCharts.Distribution(["a"], [1.0, 0], [1.0]));
    }

    [Fact]
    public void Lines_SkipsNaN_DrawsThreshold()
    {
        var svg = XElement.Parse(SvgCharts.Lines(["10:00", "11:00", "12:00"], [("total_bill", [0.05, double.NaN, 0.2])], threshold: 0.1));

        Assert.Equal(2, svg.Elements(Svg + "circle").Count());
        Assert.Equal(2, ((string)svg.Element(Svg + "polyline")!.Attribute("points")!).Split(' ').Length);
        Assert.Contains(svg.Elements(Svg + "line"), l => (string?)l.Attribute("stroke-dasharray") == "4 3");
    }

    [Fact]
    public void Page_DataEscaped_NothingLoadedFromOutside()
    {
        var page = HtmlPage.Render("Drift <report>", DateTimeOffset.UnixEpoch, html => html.Element("p", "<script>alert(1)</script>"));

        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
        Assert.Contains($"content=\"{HtmlPage.ContentSecurityPolicy}\"", page, StringComparison.Ordinal);
        Assert.Contains("<title>Drift &lt;report&gt;</title>", page, StringComparison.Ordinal);
        Assert.Contains("1970-01-01 00:00:00 UTC", page, StringComparison.Ordinal);
    }
}
