using System.Text;

namespace Argus.Core.Telemetry;

/// <summary>
/// OpenTelemetry's instrument → Prometheus name mapping: invalid characters become <c>_</c>, the unit becomes a suffix
/// (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>, <c>1</c> on a gauge → <c>_ratio</c>, <c>{request}</c> →
/// nothing), not repeated when the name already ends with it, and counters end in <c>_total</c>. One addition: a gauge
/// whose name ends in <c>_count</c>, <c>_sum</c> or <c>_bucket</c> gets <c>_value</c> appended.
/// </summary>
internal static class PrometheusNames
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["B"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["TiBy"] = "tebibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["TBy"] = "terabytes",
        ["KB"] = "kilobytes",
        ["MB"] = "megabytes",
        ["GB"] = "gigabytes",
        ["TB"] = "terabytes",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["%"] = "percent",
        ["$"] = "dollars",
    };

    private static readonly Dictionary<string, string> PerUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second",
        ["m"] = "minute",
        ["h"] = "hour",
        ["d"] = "day",
        ["w"] = "week",
        ["mo"] = "month",
        ["y"] = "year",
    };

    /// <summary>
    /// Replaces every character outside <c>[A-Za-z0-9_]</c> with <c>_</c>, collapses runs of <c>_</c>, and puts a
    /// <c>_</c> before a leading digit. Used for metric and label names alike; unlike OpenTelemetry, <c>:</c> is
    /// replaced too, since Prometheus reserves it for recording rules.
    /// </summary>
    public static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length + 1);
        if (name.Length > 0 && char.IsAsciiDigit(name[0]))
        {
            builder.Append('_');
        }

        foreach (var c in name)
        {
            var mapped = char.IsAsciiLetterOrDigit(c) ? c : '_';
            if (mapped == '_' && builder.Length > 0 && builder[^1] == '_')
            {
                continue;
            }

            builder.Append(mapped);
        }

        return builder.Length == 0 ? "_" : builder.ToString();
    }

    /// <summary>The unit word a name gets (<c>seconds</c>, <c>bytes_per_second</c>, <c>ratio</c>), or null for none.</summary>
    public static string? UnitSuffix(string? unit, MetricType type)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return null;
        }

        var bare = DropAnnotations(unit).Trim();
        if (bare.Length == 0)
        {
            return null;
        }

        if (bare == "1")
        {
            return type == MetricType.Gauge ? "ratio" : null;
        }

        var slash = bare.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var left = bare[..slash].Trim();
            var right = bare[(slash + 1)..].Trim();
            var over = PerUnits.TryGetValue(right, out var singular) ? singular : Units.TryGetValue(right, out var word) ? word : right;
            var numerator = left is "" or "1" ? null : Units.TryGetValue(left, out var top) ? top : left;
            var text = numerator is null ? "per_" + over : numerator + "_per_" + over;
            return Trimmed(Sanitize(text));
        }

        return Trimmed(Sanitize(Units.TryGetValue(bare, out var mapped) ? mapped : bare));
    }

    /// <summary>
    /// The family name (OpenMetrics metadata; for counters without <c>_total</c>), the sample name (for counters with
    /// <c>_total</c>; also the 0.0.4 metadata name) and the unit word of an instrument.
    /// </summary>
    public static (string Family, string Sample, string? Unit) MetricName(string instrumentName, string? unit, MetricType type)
    {
        var name = Sanitize(instrumentName);
        var unitWord = UnitSuffix(unit, type);
        if (unitWord is not null && !EndsWithWord(name, unitWord)
            && !(type == MetricType.Counter && name.EndsWith("_" + unitWord + "_total", StringComparison.Ordinal)))
        {
            name = name.EndsWith('_') ? name + unitWord : name + "_" + unitWord;
        }

        if (type == MetricType.Gauge && (EndsWithWord(name, "count") || EndsWithWord(name, "sum") || EndsWithWord(name, "bucket")))
        {
            // A gauge ending in a histogram's sample suffix (.NET's dotnet.assembly.count) reads as part of a
            // histogram: promtool rejects it and OpenMetrics parsers may misread it, so it gets _value.
            name += "_value";
        }

        if (type != MetricType.Counter)
        {
            return (name, name, unitWord);
        }

        var sample = EndsWithWord(name, "total") ? name : name + "_total";
        var family = sample.Length > "_total".Length ? sample[..^"_total".Length] : sample;
        return (family, sample, unitWord);
    }

    /// <summary>A tag key as a Prometheus label name (<c>http.route</c> → <c>http_route</c>).</summary>
    public static string LabelName(string key) => Sanitize(key);

    private static bool EndsWithWord(string name, string word) =>
        name == word || (name.EndsWith(word, StringComparison.Ordinal) && name[^(word.Length + 1)] == '_');

    private static string Trimmed(string text) => text.Trim('_') is { Length: > 0 } trimmed ? trimmed : text;

    private static string DropAnnotations(string unit)
    {
        if (!unit.Contains('{', StringComparison.Ordinal))
        {
            return unit;
        }

        var builder = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
