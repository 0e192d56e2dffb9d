using System.Globalization;
using Argus.Core.Monitoring.Performance;
using Argus.Core.Monitoring.Quality;
using Argus.Core.Monitoring.Reports.Html;
using Argus.Core.Monitoring.Suites;

namespace Argus.Core.Monitoring.Reports;

/// <summary>HTML sections for the quality, performance and test-suite results; drift has its own section writer.</summary>
public static class ReportHtml
{
    /// <summary>Summary cards: a label over a big value each.</summary>
    public static void Cards(HtmlWriter html, params (string Label, string Value)[] cards)
    {
        ArgumentNullException.ThrowIfNull(html);
        html.Open("div", "cards");
        foreach (var (label, value) in cards)
        {
            html.Open("div", "card").Element("b", value).Element("span", label).Close("div");
        }

        html.Close("div");
    }

    /// <summary>A status badge: green, red, amber or grey.</summary>
    public static void Badge(HtmlWriter html, string text, string kind) => html.Element("span", text, "badge " + kind);

    /// <summary>The data-quality section: dataset counts, one row per column with its distribution, the correlation changes.</summary>
    public static void Quality(HtmlWriter html, DataQualityResult result)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(result);
        html.Element("h2", "Data quality");
        var c = result.Current;
        Cards(html,
            ("rows", Count(c.RowCount)),
            ("columns", Count(c.ColumnCount)),
            ("missing values", Percent(c.MissingValueShare)),
            ("duplicated rows", Count(c.DuplicatedRowCount)),
            ("constant columns", Count(c.ConstantColumnCount)),
            ("almost constant", Count(c.AlmostConstantColumnCount)),
            ("empty columns", Count(c.EmptyColumnCount)));
        var reference = new Dictionary<string, ColumnSummary>(StringComparer.Ordinal);
        foreach (var column in result.ReferenceColumns ?? [])
        {
            reference[column.Name] = column;
        }

        html.Markup("<div class=\"scroll\"><table>")
            .HeaderRow("column", "type", "missing", "unique", "mean / most common", "min", "max", "distribution");
        foreach (var column in result.CurrentColumns)
        {
            reference.TryGetValue(column.Name, out var before);
            html.Open("tr").Element("td", column.Name).Element("td", column.Type.ToString().ToLowerInvariant());
            if (column.Numeric is { } n)
            {
                Cell(html, Percent(n.MissingShare));
                Cell(html, Count(n.UniqueCount));
                Cell(html, HtmlWriter.Format(n.Mean));
                Cell(html, HtmlWriter.Format(n.Min));
                Cell(html, HtmlWriter.Format(n.Max));
                html.Open("td").Markup(NumericChart(n.Histogram)).Close("td");
            }
            else if (column.Categorical is { } k)
            {
                Cell(html, Percent(k.MissingShare));
                Cell(html, Count(k.UniqueCount));
                html.Open("td").Text($"{k.MostCommonLabel} ({Percent(k.MostCommonShare)})");
                if (k.NewInCurrent is { Count: > 0 } added)
                {
                    html.Markup("<br>").Element("small", $"new: {string.Join(", ", added.Take(5))}{(added.Count > 5 ? " …" : string.Empty)}");
                }

                html.Close("td");
                Cell(html, string.Empty);
                Cell(html, string.Empty);
                html.Open("td").Markup(CategoryChart(k, before?.Categorical)).Close("td");
            }
            else
            {
                html.Markup("<td colspan=\"6\"></td>");
            }

            html.Close("tr");
        }

        html.Markup("</table></div>").Markup(SvgCharts.DistributionLegend);
        if (result.TopCorrelationChanges is { Count: > 0 } changes)
        {
            html.Element("h3", "Correlations that changed most");
            html.Markup("<table>").HeaderRow("kind", "columns", "reference", "current", "change");
            foreach (var change in changes)
            {
                html.Open("tr").Element("td", change.Kind.ToString().ToLowerInvariant()).Element("td", $"{change.ColumnA} × {change.ColumnB}");
                Cell(html, HtmlWriter.Format(change.Reference, 3));
                Cell(html, HtmlWriter.Format(change.Current, 3));
                Cell(html, HtmlWriter.Format(change.Change, 3));
                html.Close("tr");
            }

            html.Markup("</table>");
        }
    }

    /// <summary>The regression section: the error metrics beside the dummy model's, the top-error groups and the error-bias table.</summary>
    public static void Regression(HtmlWriter html, RegressionResult result)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(result);
        html.Element("h2", "Regression performance");
        Cards(html,
            ("rows", Count(result.RowCount)),
            ("mean error", HtmlWriter.Format(result.MeanError)),
            ("MAE (dummy " + HtmlWriter.Format(result.Dummy.Mae) + ")", HtmlWriter.Format(result.MeanAbsError)),
            ("RMSE (dummy " + HtmlWriter.Format(result.Dummy.Rmse) + ")", HtmlWriter.Format(result.Rmse)),
            ("MAPE %", HtmlWriter.Format(result.Mape)),
            ("R²", HtmlWriter.Format(result.R2)),
            ("max abs error", HtmlWriter.Format(result.AbsMaxError)));
        var top = result.TopError;
        html.Element("h3", "Error by group");
        html.Markup("<table>").HeaderRow("group", "rows", "mean error", "error std");
        foreach (var (name, group) in new[] { ($"underestimation (error ≤ {HtmlWriter.Format(top.LowQuantile)})", top.Under), ("majority", top.Majority), ($"overestimation (error ≥ {HtmlWriter.Format(top.HighQuantile)})", top.Over) })
        {
            html.Open("tr").Element("td", name);
            Cell(html, Count(group.Count));
            Cell(html, HtmlWriter.Format(group.MeanError));
            Cell(html, HtmlWriter.Format(group.StdError));
            html.Close("tr");
        }

        html.Markup("</table>");
        if (result.NumericErrorBias.Count + result.CategoricalErrorBias.Count > 0)
        {
            html.Element("h3", "Error bias by feature");
            html.Markup("<div class=\"scroll\"><table>").HeaderRow("feature", "all", "underestimated", "overestimated", "range %");
            foreach (var bias in result.NumericErrorBias)
            {
                html.Open("tr").Element("td", bias.Feature);
                Cell(html, HtmlWriter.Format(bias.All));
                Cell(html, HtmlWriter.Format(bias.Under));
                Cell(html, HtmlWriter.Format(bias.Over));
                Cell(html, HtmlWriter.Format(bias.RangePercent, 3));
                html.Close("tr");
            }

            foreach (var bias in result.CategoricalErrorBias)
            {
                html.Open("tr").Element("td", bias.Feature).Element("td", bias.All).Element("td", bias.Under).Element("td", bias.Over)
                    .Element("td", bias.Differs ? "differs" : string.Empty).Close("tr");
            }

            html.Markup("</table></div>");
        }
    }

    /// <summary>The classification section: quality metrics, confusion matrix, per-label metrics, ROC, PR and calibration curves.</summary>
    public static void Classification(HtmlWriter html, ClassificationResult result)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(result);
        html.Element("h2", "Classification performance");
        var cards = new List<(string, string)>
        {
            ("rows", Count(result.RowCount)),
            ("accuracy", HtmlWriter.Format(result.Accuracy)),
            ("precision", HtmlWriter.Format(result.Precision)),
            ("recall", HtmlWriter.Format(result.Recall)),
            ("F1", HtmlWriter.Format(result.F1)),
        };
        if (result.RocAuc is { } auc)
        {
            cards.Add(("ROC AUC", HtmlWriter.Format(auc)));
        }

        if (result.LogLoss is { } logLoss)
        {
            cards.Add(("log loss", HtmlWriter.Format(logLoss)));
        }

        if (result.ExpectedCalibrationError is { } ece)
        {
            cards.Add(("calibration error (ECE)", HtmlWriter.Format(ece)));
        }

        Cards(html, [.. cards]);
        var matrix = result.ConfusionMatrix;
        html.Element("h3", "Confusion matrix (rows: actual, columns: predicted)");
        html.Markup("<div class=\"scroll\"><table>").Open("tr").Element("th", string.Empty);
        foreach (var label in matrix.Labels)
        {
            html.Element("th", label);
        }

        html.Close("tr");
        for (var i = 0; i < matrix.Labels.Count; i++)
        {
            html.Open("tr").Element("th", matrix.Labels[i]);
            foreach (var count in matrix.Values[i])
            {
                Cell(html, Count(count));
            }

            html.Close("tr");
        }

        html.Markup("</table></div>");
        html.Element("h3", "By label");
        html.Markup("<table>").HeaderRow("label", "support", "precision", "recall", "F1", "ROC AUC");
        foreach (var label in result.Labels)
        {
            html.Open("tr").Element("td", label.Label);
            Cell(html, Count(label.Support));
            Cell(html, HtmlWriter.Format(label.Precision));
            Cell(html, HtmlWriter.Format(label.Recall));
            Cell(html, HtmlWriter.Format(label.F1));
            Cell(html, label.RocAuc is { } a ? HtmlWriter.Format(a) : "—");
            html.Close("tr");
        }

        html.Markup("</table>");
        if (result.Curves is { Count: > 0 } curves)
        {
            html.Element("h3", "Curves");
            html.Open("div", "cards");
            html.Markup(SvgCharts.Curves([.. curves.Select(c => (c.Label, c.Roc.FalsePositiveRate, c.Roc.TruePositiveRate))], "false positive rate", "true positive rate", diagonal: true));
            html.Markup(SvgCharts.Curves([.. curves.Select(c => (c.Label, c.PrecisionRecall.Recall, c.PrecisionRecall.Precision))], "recall", "precision", diagonal: false));
            html.Markup(SvgCharts.Curves([.. curves.Select(c => (c.Label, c.Calibration.ProbPred, c.Calibration.ProbTrue))], "mean predicted probability", "observed frequency", diagonal: true));
            html.Close("div");
        }
    }

    /// <summary>The test-suite section: pass/fail counts and one row per test with its badge.</summary>
    public static void Suite(HtmlWriter html, TestSuiteResult result)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(result);
        html.Element("h2", "Tests");
        var s = result.Summary;
        Cards(html, ("verdict", s.Passed ? "passed" : "failed"), ("tests", Count(s.Total)), ("success", Count(s.Success)), ("fail", Count(s.Fail)), ("warning", Count(s.Warning)), ("error", Count(s.Error)));
        html.Markup("<div class=\"scroll\"><table>").HeaderRow("status", "test", "value", "condition", "description");
        foreach (var test in result.Tests)
        {
            html.Open("tr").Open("td");
            Badge(html, test.Status.ToString().ToUpperInvariant(), test.Status switch
            {
                TestStatus.Success => "ok",
                TestStatus.Fail => "bad",
                TestStatus.Warning => "warn",
                _ => "na",
            });
            html.Close("td").Element("td", test.Name);
            Cell(html, test.Value is { } v ? HtmlWriter.Format(v) : "—");
            html.Element("td", test.Condition?.ToString() ?? string.Empty).Element("td", test.Description).Close("tr");
        }

        html.Markup("</table></div>");
    }

    private static void Cell(HtmlWriter html, string text) => html.Element("td", text, "num");

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double share) => double.IsFinite(share) ? share.ToString("0.##%", CultureInfo.InvariantCulture) : "—";

    private static string NumericChart(Histogram histogram)
    {
        if (histogram.Counts.Count == 0)
        {
            return string.Empty;
        }

        long total = 0;
        foreach (var count in histogram.Counts)
        {
            total += count;
        }

        var shares = new double[histogram.Counts.Count];
        var labels = new string[shares.Length];
        for (var i = 0; i < shares.Length; i++)
        {
            shares[i] = total == 0 ? 0 : histogram.Counts[i] / (double)total;
            labels[i] = HtmlWriter.Format(histogram.Edges[i], 3);
        }

        labels[^1] = $"{labels[^1]}–{HtmlWriter.Format(histogram.Edges[^1], 3)}";
        return SvgCharts.Distribution(labels, new double[shares.Length], shares, width: 240, height: 70);
    }

    private static string CategoryChart(CategoricalColumnStats current, CategoricalColumnStats? reference)
    {
        const int MostLabels = 12;
        var labels = current.Labels.OrderByDescending(l => l.Count).Take(MostLabels).Select(l => l.Label).ToList();
        var referenceShares = new double[labels.Count];
        var currentShares = new double[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            currentShares[i] = current.Labels.First(l => l.Label == labels[i]).Share;
            referenceShares[i] = reference?.Labels.FirstOrDefault(l => l.Label == labels[i])?.Share ?? 0;
        }

        return SvgCharts.Distribution(labels, referenceShares, currentShares, width: 240, height: 70);
    }
}
