using System.Globalization;

namespace Argus.Bench;

/// <summary>
/// Appends one tab-separated line per measured figure — <c>rep, name, value, unit, detail</c> — to
/// the raw results file (when given) and echoes it to stdout.
/// </summary>
internal sealed class ResultSink(string? path, int rep)
{
    public const string Header = "rep\tname\tvalue\tunit\tdetail";

    public static ResultSink From(BenchArgs args) => new(args.Optional("out"), args.Int("rep", 1));

    public void Add(string name, double value, string unit, string detail = "")
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{rep}\t{name}\t{value:G6}\t{unit}\t{detail}");
        Console.WriteLine(line);
        if (path is not null)
        {
            if (!File.Exists(path))
            {
                File.WriteAllText(path, Header + "\n");
            }

            File.AppendAllText(path, line + "\n");
        }
    }

    /// <summary>Latency figures of one request type: p50, p99 and mean in ms, plus the sample size in the detail.</summary>
    public void AddLatencies(string name, Percentiles ms, string detail)
    {
        var d = string.Create(CultureInfo.InvariantCulture, $"n={ms.Count};min={ms.Min:F2};p90={ms.P90:F2};max={ms.Max:F2};{detail}");
        Add(name + ".p50", ms.P50, "ms", d);
        Add(name + ".p99", ms.P99, "ms", d);
        Add(name + ".mean", ms.Mean, "ms", d);
    }
}
