using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Argus.Core.Data;
using Argus.Core.Monitoring.Drift;
using Argus.Core.Monitoring.Stats;

namespace Argus.Bench;

/// <summary>
/// The drift peer's computation (shared/bench/peers/drift/drift_peer.py) done by Argus from the two CSV files: per
/// numerical column the normed Wasserstein distance and Jensen-Shannon on Sturges bins, per categorical column
/// chi-square and Jensen-Shannon, per binary column (<c>bin*</c>) the Z-test. Each of <c>--reps</c> runs reads both
/// files (<see cref="ColumnTableLoader"/>, the CSV reader <c>argus drift</c> uses) and computes every column, timed
/// apart; the medians are printed as a RESULT line and the scores of the first run written to <c>--out</c> for the
/// comparison with the peer's.
/// </summary>
internal static class DriftBenchCommand
{
    public static void Run(BenchArgs args)
    {
        var reference = args.Required("reference");
        var current = args.Required("current");
        var output = args.Required("out");
        var reps = (int)args.Double("reps", 3);
        var threads = (int)args.Double("threads", Environment.ProcessorCount);
        args.RejectUnknown();

        var reads = new List<double>();
        var computes = new List<double>();
        Dictionary<string, Dictionary<string, double>>? scores = null;
        for (var rep = 0; rep < reps; rep++)
        {
            var started = Stopwatch.GetTimestamp();
            var pair = ColumnTableLoader.Load(reference, current);
            reads.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
            started = Stopwatch.GetTimestamp();
            var result = Compute(pair, threads);
            computes.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
            scores ??= result;
        }

        File.WriteAllText(output, JsonSerializer.Serialize(scores));
        reads.Sort();
        computes.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT read_s={reads[reads.Count / 2]:F3} compute_s={computes[computes.Count / 2]:F3} reads=[{string.Join(",", reads.Select(r => r.ToString("F3", CultureInfo.InvariantCulture)))}] computes=[{string.Join(",", computes.Select(c => c.ToString("F3", CultureInfo.InvariantCulture)))}]"));
    }

    // Columns in parallel, as DatasetDrift runs them.
    private static Dictionary<string, Dictionary<string, double>> Compute(ColumnTablePair pair, int threads)
    {
        var columns = pair.Reference.Columns;
        var results = new Dictionary<string, double>[columns.Count];
        Parallel.For(0, columns.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var reference = columns[i];
            var current = pair.Current[reference.Name];
            if (reference.Type == ColumnType.Numerical)
            {
                using var samples = DatasetDrift.RentSamples(reference, current);
                results[i] = new()
                {
                    ["wasserstein_norm"] = StatTests.Wasserstein.Run(samples).Score,
                    ["jensenshannon"] = StatTests.JensenShannon.Run(samples).Score,
                };
            }
            else
            {
                var samples = CategoricalSamples.Create(reference.Codes!, current.Codes!, reference.Categories!.Count, reference.Categories.Labels, reference.Name);
                results[i] = reference.Name.StartsWith("bin", StringComparison.Ordinal)
                    ? new() { ["z_p"] = StatTests.Z.Run(samples).Score }
                    : new() { ["chi2_p"] = StatTests.ChiSquare.Run(samples).Score, ["jensenshannon"] = StatTests.JensenShannon.Run(samples).Score };
            }
        });
        var scores = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            scores[columns[i].Name] = results[i];
        }

        return scores;
    }
}
