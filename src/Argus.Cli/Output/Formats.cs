using System.Globalization;

namespace Argus.Cli.Output;

/// <summary>How times, durations and numbers read in tables: UTC ISO 8601, short durations, invariant numbers.</summary>
internal static class Formats
{
    /// <summary>Epoch milliseconds as <c>2024-05-01T12:30:00Z</c>.</summary>
    public static string Timestamp(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A nullable epoch-ms time; "-" when unset.</summary>
    public static string Timestamp(long? epochMs) => epochMs is { } ms ? Timestamp(ms) : "-";

    /// <summary>The time between two epoch-ms instants: 850ms, 12.3s, 4m 05s, 2h 03m, 1d 02h; "-" without an end.</summary>
    public static string Duration(long startMs, long? endMs)
    {
        if (endMs is not { } end || end < startMs)
        {
            return "-";
        }

        var elapsed = TimeSpan.FromMilliseconds(end - startMs);
        return elapsed.TotalSeconds switch
        {
            < 1 => string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalMilliseconds:0}ms"),
            < 60 => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(elapsed.TotalSeconds * 10) / 10:0.0}s"),
            < 3600 => string.Create(CultureInfo.InvariantCulture, $"{elapsed.Minutes}m {elapsed.Seconds:00}s"),
            < 86400 => string.Create(CultureInfo.InvariantCulture, $"{elapsed.Hours}h {elapsed.Minutes:00}m"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalDays}d {elapsed.Hours:00}h"),
        };
    }

    /// <summary>A metric value with up to 6 significant digits; NaN and infinities by name.</summary>
    public static string Number(double value) => value switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "Infinity",
        double.NegativeInfinity => "-Infinity",
        _ => value.ToString("G6", CultureInfo.InvariantCulture),
    };
}
