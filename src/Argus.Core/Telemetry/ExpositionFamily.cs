using System.Text;

namespace Argus.Core.Telemetry;

/// <summary>One metric family's names and metadata lines, encoded once so a render only copies bytes.</summary>
internal sealed class ExpositionFamily
{
    public ExpositionFamily(string family, string sample, MetricType type, string? unit, string? help)
    {
        Name = family;
        Type = type;
        SampleName = Encoding.UTF8.GetBytes(sample);
        BucketName = Encoding.UTF8.GetBytes(family + "_bucket");
        SumName = Encoding.UTF8.GetBytes(family + "_sum");
        CountName = Encoding.UTF8.GetBytes(family + "_count");

        var typeName = type switch
        {
            MetricType.Counter => "counter",
            MetricType.Histogram => "histogram",
            _ => "gauge",
        };

        // 0.0.4: HELP then TYPE, both on the sample name (x_total for counters); HELP escapes only \ and LF.
        var text = new StringBuilder();
        if (!string.IsNullOrEmpty(help))
        {
            text.Append("# HELP ").Append(sample).Append(' ').Append(Escape(help, quotes: false)).Append('\n');
        }

        text.Append("# TYPE ").Append(sample).Append(' ').Append(typeName).Append('\n');
        TextHeader = Encoding.UTF8.GetBytes(text.ToString());

        // OpenMetrics: TYPE, UNIT, HELP on the family name; HELP escapes as label values do.
        var open = new StringBuilder();
        open.Append("# TYPE ").Append(family).Append(' ').Append(typeName).Append('\n');
        if (unit is not null && (family == unit || family.EndsWith("_" + unit, StringComparison.Ordinal)))
        {
            open.Append("# UNIT ").Append(family).Append(' ').Append(unit).Append('\n');
        }

        if (!string.IsNullOrEmpty(help))
        {
            open.Append("# HELP ").Append(family).Append(' ').Append(Escape(help, quotes: true)).Append('\n');
        }

        OpenMetricsHeader = Encoding.UTF8.GetBytes(open.ToString());
    }

    /// <summary>The family name: what families are sorted by.</summary>
    public string Name { get; }

    public MetricType Type { get; }

    /// <summary>The sample name of a counter or gauge (<c>x_total</c> for counters).</summary>
    public byte[] SampleName { get; }

    public byte[] BucketName { get; }

    public byte[] SumName { get; }

    public byte[] CountName { get; }

    public byte[] TextHeader { get; }

    public byte[] OpenMetricsHeader { get; }

    /// <summary>Escapes <c>\</c> and LF, and <c>"</c> when <paramref name="quotes"/> (label values, OpenMetrics HELP).</summary>
    public static string Escape(string value, bool quotes)
    {
        if (value.AsSpan().IndexOfAny('\\', '\n', quotes ? '"' : '\n') < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': builder.Append(@"\\"); break;
                case '\n': builder.Append(@"\n"); break;
                case '"' when quotes: builder.Append("\\\""); break;
                default: builder.Append(c); break;
            }
        }

        return builder.ToString();
    }
}
