using Argus.Core.Monitoring.Drift;
using Argus.Core.Monitoring.Reports.Html;

namespace Argus.Core.Monitoring.Reports;

/// <summary>The drift section: the dataset verdict, then one row per column with its test, threshold, score and distributions.</summary>
public static class DriftHtml
{
    /// <summary>Writes a drift section titled <paramref name="title"/>.</summary>
    public static void Section(HtmlWriter html, string title, DatasetDriftResult result, IReadOnlyList<ColumnDistribution> distributions)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(distributions);
        html.Element("h2", title);
        ReportHtml.Cards(html,
            ("dataset drift", result.DatasetDrift ? "detected" : "not detected"),
            ("drifted columns", $"{result.NumberOfDriftedColumns} of {result.NumberOfColumns}"),
            ("share drifted", HtmlWriter.Format(result.ShareOfDriftedColumns, 3)),
            ("drift share threshold", HtmlWriter.Format(result.DriftShare, 3)));
        var charts = distributions.ToDictionary(d => d.Column, StringComparer.Ordinal);
        html.Markup("<div class=\"scroll\"><table>").HeaderRow("column", "type", "test", "threshold", "score", "drift", "reference vs current");
        foreach (var column in result.Columns.OrderByDescending(c => c.DriftDetected))
        {
            html.Open("tr").Element("td", column.Column).Element("td", column.ColumnType).Element("td", column.StatTest);
            html.Element("td", HtmlWriter.Format(column.Threshold), "num").Element("td", HtmlWriter.Format(column.Score), "num").Open("td");
            ReportHtml.Badge(html, column.DriftDetected ? "drift" : "no drift", column.DriftDetected ? "bad" : "ok");
            html.Close("td").Open("td");
            if (charts.TryGetValue(column.Column, out var chart) && chart.Labels.Count > 0)
            {
                html.Markup(SvgCharts.Distribution(chart.Labels, chart.Reference, chart.Current, width: 280, height: 80));
            }

            html.Close("td").Close("tr");
        }

        html.Markup("</table></div>").Markup(SvgCharts.DistributionLegend);
        foreach (var skipped in result.SkippedColumns)
        {
            html.Element("p", $"{skipped.Column} ({skipped.ColumnType}) not tested: {skipped.Reason}", "muted");
        }
    }
}
