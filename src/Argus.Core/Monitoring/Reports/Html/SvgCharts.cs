using System.Globalization;
using System.Net;
using System.Text;

namespace Argus.Core.Monitoring.Reports.Html;

/// <summary>Small inline SVG charts for reports: no script, no fonts or images to load, readable at any zoom.</summary>
public static class SvgCharts
{
    /// <summary>The colour of the reference data in every chart.</summary>
    public const string ReferenceColor = "#8c99a6";

    /// <summary>The colour of the current data in every chart.</summary>
    public const string CurrentColor = "#d9534f";

    /// <summary>
    /// Reference and current shares side by side per bin or category: grey and red bars, each with a tooltip giving
    /// the label and both shares. <paramref name="labels"/> has one entry per bar pair.
    /// </summary>
    public static string Distribution(IReadOnlyList<string> labels, ReadOnlySpan<double> reference, ReadOnlySpan<double> current, int width = 360, int height = 120)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (reference.Length != labels.Count || current.Length != labels.Count)
        {
            throw new ArgumentException("One reference and one current share per label.", nameof(labels));
        }

        const int Bottom = 18;
        var plot = height - Bottom - 4;
        var max = 0.0;
        for (var i = 0; i < labels.Count; i++)
        {
            max = Math.Max(max, Math.Max(Finite(reference[i]), Finite(current[i])));
        }

        var svg = Start(width, height, "Reference and current distribution");
        var slot = labels.Count == 0 ? width : (double)width / labels.Count;
        var bar = Math.Max(1, (slot * 0.8) / 2);
        for (var i = 0; i < labels.Count; i++)
        {
            var x = (i * slot) + (slot * 0.1);
            var tip = $"{labels[i]}: reference {Share(reference[i])}, current {Share(current[i])}";
            Bar(svg, x, bar, Finite(reference[i]), max, plot, ReferenceColor, tip);
            Bar(svg, x + bar, bar, Finite(current[i]), max, plot, CurrentColor, tip);
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"{plot + 2}\" x2=\"{width}\" y2=\"{plot + 2}\" stroke=\"#c5cbd1\"/>");
        if (labels.Count > 0)
        {
            Label(svg, 2, height - 4, labels[0], "start");
            if (labels.Count > 1)
            {
                Label(svg, width - 2, height - 4, labels[^1], "end");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>A line per series over a shared x axis (e.g. a drift score per window), with a dashed threshold line when given.</summary>
    public static string Lines(IReadOnlyList<string> xLabels, IReadOnlyList<(string Name, double[] Values)> series, double threshold = double.NaN, int width = 720, int height = 200)
    {
        ArgumentNullException.ThrowIfNull(xLabels);
        ArgumentNullException.ThrowIfNull(series);
        const int Left = 40;
        const int Bottom = 20;
        var plotWidth = width - Left - 8;
        var plotHeight = height - Bottom - 8;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var (_, values) in series)
        {
            foreach (var v in values)
            {
                if (double.IsFinite(v))
                {
                    (min, max) = (Math.Min(min, v), Math.Max(max, v));
                }
            }
        }

        if (double.IsFinite(threshold))
        {
            (min, max) = (Math.Min(min, threshold), Math.Max(max, threshold));
        }

        if (!double.IsFinite(min))
        {
            (min, max) = (0, 1);
        }

        min = Math.Min(min, 0);
        if (max <= min)
        {
            max = min + 1;
        }

        double X(int i) => Left + (xLabels.Count <= 1 ? plotWidth / 2.0 : i * plotWidth / (double)(xLabels.Count - 1));
        double Y(double v) => 4 + (plotHeight * (1 - ((v - min) / (max - min))));

        var svg = Start(width, height, "Values over time");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Y(min):0.#}\" x2=\"{width - 8}\" y2=\"{Y(min):0.#}\" stroke=\"#c5cbd1\"/>");
        Label(svg, Left - 4, Y(max) + 8, HtmlWriter.Format(max, 3), "end");
        Label(svg, Left - 4, Y(min), HtmlWriter.Format(min, 3), "end");
        if (double.IsFinite(threshold))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Y(threshold):0.#}\" x2=\"{width - 8}\" y2=\"{Y(threshold):0.#}\" stroke=\"#b26a00\" stroke-dasharray=\"4 3\"><title>threshold {HtmlWriter.Format(threshold)}</title></line>");
        }

        string[] palette = ["#d9534f", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"];
        for (var s = 0; s < series.Count; s++)
        {
            var (name, values) = series[s];
            var color = palette[s % palette.Length];
            var points = new StringBuilder();
            for (var i = 0; i < values.Length && i < xLabels.Count; i++)
            {
                if (double.IsFinite(values[i]))
                {
                    points.Append(CultureInfo.InvariantCulture, $"{X(i):0.#},{Y(values[i]):0.#} ");
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(i):0.#}\" cy=\"{Y(values[i]):0.#}\" r=\"2.5\" fill=\"{color}\"><title>{Escape($"{name} at {xLabels[i]}: {HtmlWriter.Format(values[i])}")}</title></circle>");
                }
            }

            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\" points=\"{points.ToString().TrimEnd()}\"><title>{Escape(name)}</title></polyline>");
        }

        if (xLabels.Count > 0)
        {
            Label(svg, Left, height - 4, xLabels[0], "start");
            if (xLabels.Count > 1)
            {
                Label(svg, width - 8, height - 4, xLabels[^1], "end");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>
    /// Curves on [0, 1] × [0, 1] (ROC, precision-recall, calibration), each a polyline with a tooltip; with
    /// <paramref name="diagonal"/>, the dashed y = x line (a random classifier's ROC, perfect calibration).
    /// </summary>
    public static string Curves(IReadOnlyList<(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)> curves, string xLabel, string yLabel, bool diagonal, int size = 240)
    {
        ArgumentNullException.ThrowIfNull(curves);
        const int Margin = 28;
        var plot = size - Margin - 8;
        double X(double v) => Margin + (plot * Math.Clamp(v, 0, 1));
        double Y(double v) => 8 + (plot * (1 - Math.Clamp(v, 0, 1)));
        var svg = Start(size, size, $"{yLabel} against {xLabel}");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Margin}\" y=\"8\" width=\"{plot}\" height=\"{plot}\" fill=\"none\" stroke=\"#c5cbd1\"/>");
        if (diagonal)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(0):0.#}\" y1=\"{Y(0):0.#}\" x2=\"{X(1):0.#}\" y2=\"{Y(1):0.#}\" stroke=\"#c5cbd1\" stroke-dasharray=\"4 3\"/>");
        }

        string[] palette = ["#d9534f", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"];
        for (var c = 0; c < curves.Count; c++)
        {
            var (name, xs, ys) = curves[c];
            var points = new StringBuilder();
            for (var i = 0; i < xs.Count && i < ys.Count; i++)
            {
                if (double.IsFinite(xs[i]) && double.IsFinite(ys[i]))
                {
                    points.Append(CultureInfo.InvariantCulture, $"{X(xs[i]):0.#},{Y(ys[i]):0.#} ");
                }
            }

            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{palette[c % palette.Length]}\" stroke-width=\"1.5\" points=\"{points.ToString().TrimEnd()}\"><title>{Escape(name)}</title></polyline>");
        }

        Label(svg, Margin + (plot / 2.0), size - 2, xLabel, "middle");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"{8 + (plot / 2.0):0.#}\" text-anchor=\"middle\" transform=\"rotate(-90 10 {8 + (plot / 2.0):0.#})\">{Escape(yLabel)}</text>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>The legend for <see cref="Distribution"/>: grey reference, red current.</summary>
    public static string DistributionLegend =>
        $"<div class=\"legend\"><i style=\"background:{ReferenceColor}\"></i>reference<i style=\"background:{CurrentColor}\"></i>current</div>";

    private static StringBuilder Start(int width, int height, string label) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{Escape(label)}\">");

    private static void Bar(StringBuilder svg, double x, double width, double value, double max, double plot, string color, string tip)
    {
        var h = max > 0 ? plot * value / max : 0;
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.##}\" y=\"{plot + 2 - h:0.##}\" width=\"{width:0.##}\" height=\"{h:0.##}\" fill=\"{color}\"><title>{Escape(tip)}</title></rect>");
    }

    private static void Label(StringBuilder svg, double x, double y, string text, string anchor) =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{y:0.#}\" text-anchor=\"{anchor}\">{Escape(text)}</text>");

    private static string Share(double value) => double.IsFinite(value) ? value.ToString("0.0%", CultureInfo.InvariantCulture) : "—";

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
