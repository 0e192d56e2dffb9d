using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Argus.XGBoost;

namespace Argus.Bench;

/// <summary>
/// XGBoost training through Argus.XGBoost beside the Python training peer, in the same run: DMatrix
/// construction, 100 rounds of hist training and 1M-row batch prediction, medians of reps. The data and
/// Python reference predictions are files written by <c>bench/training_data.py</c> from the peer's own
/// <c>make_data</c>; the peer itself runs as a child process and reports its timings on stdout.
/// </summary>
internal static class TrainingCommand
{
    private const int Columns = 20;
    private const int Rounds = 100;
    private const double TrainTarget = 1.05;

    // The peer's PARAMS: reg:squarederror, hist, max_depth 6, eta 0.3, nthread 2, seed 0.
    private static readonly TrainOptions Options = new()
    {
        Objective = "reg:squarederror",
        TreeMethod = "hist",
        MaxDepth = 6,
        LearningRate = 0.3,
        NThread = 2,
        Seed = 0,
    };

    public static async Task RunAsync(BenchArgs args)
    {
        var rows = args.Ints("rows", "100000,1000000");
        var reps = args.Int("reps", 3);
        var dataDir = args.Required("data-dir");
        var peer = args.Text("peer", "../shared/bench/peers/training/train_peer.py");
        var python = args.Text("python", "/usr/bin/python3");
        var quietWait = args.Double("quiet-wait", 10);
        var peerMaxSeconds = args.Double("peer-max-seconds", 300);
        var markdown = args.Optional("md");
        var sink = ResultSink.From(args);
        args.RejectUnknown();

        Warmup();
        var argus = new Dictionary<int, PhaseTimes>();
        var trainDiff = new Dictionary<int, double>();
        Booster? last = null;
        try
        {
            foreach (var n in rows)
            {
                last?.Dispose();
                (argus[n], last, trainDiff[n]) = await TrainArgusAsync(n, reps, dataDir, quietWait, sink).ConfigureAwait(false);
            }

            var (predictMs, predictDiff) = await PredictArgusAsync(last!, reps, dataDir, quietWait, sink).ConfigureAwait(false);
            last!.Save(Path.Combine(dataDir, $"argus_model_{rows[^1]}.json"));

            var py = await RunPeerAsync(python, peer, rows, reps, quietWait, peerMaxSeconds, sink).ConfigureAwait(false);
            var table = Compare(rows, argus, trainDiff, predictMs, predictDiff, py, sink);
            Console.WriteLine(table);
            if (markdown is not null)
            {
                await File.WriteAllTextAsync(markdown, table).ConfigureAwait(false);
            }
        }
        finally
        {
            last?.Dispose();
        }
    }

    /// <summary>Loads libxgboost and JITs the binding's paths on a tiny matrix, as the peer's `import xgboost` does before its clock starts.</summary>
    private static void Warmup()
    {
        const int n = 1000;
        var x = new float[n * Columns];
        var y = new float[n];
        var random = new Random(0);
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)random.NextDouble();
        }

        using var dm = new DMatrix(x, n, Columns);
        dm.SetLabel(y);
        using var booster = XGBoostTrainer.Train(Options, dm, [], 2).Booster;
        _ = booster.Predict(x, n, Columns);
    }

    private static async Task<(PhaseTimes Times, Booster Booster, double MaxDiff)> TrainArgusAsync(
        int n, int reps, string dataDir, double quietWait, ResultSink sink)
    {
        var x = ReadFloats(Path.Combine(dataDir, $"X_{n}.f32"), (long)n * Columns);
        var y = ReadFloats(Path.Combine(dataDir, $"y_{n}.f32"), n);
        var dmatrixMs = new List<double>();
        var trainMs = new List<double>();
        var details = new List<string>();
        Booster? booster = null;
        for (var rep = 1; rep <= reps; rep++)
        {
            var quiet = await CpuSampler.WaitForQuietAsync([], 10, TimeSpan.FromSeconds(quietWait)).ConfigureAwait(false);
            booster?.Dispose();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var gcs = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
            var sampler = CpuSampler.Start([]);
            var start = Stopwatch.GetTimestamp();
            using var dm = new DMatrix(x, n, Columns);
            dm.SetLabel(y);
            var built = Stopwatch.GetTimestamp();
            var result = XGBoostTrainer.Train(Options, dm, [], Rounds);
            var trained = Stopwatch.GetTimestamp();
            var usage = sampler.Stop();
            booster = result.Booster;
            dmatrixMs.Add(Stopwatch.GetElapsedTime(start, built).TotalMilliseconds);
            trainMs.Add(Stopwatch.GetElapsedTime(built, trained).TotalMilliseconds);
            details.Add(string.Create(CultureInfo.InvariantCulture,
                $"rep{rep}:quiet_bg_pct={quiet.BackgroundPct:F1};quiet_steal_pct={quiet.StealPct:F1};{usage.Describe()};" +
                $"managed_alloc_bytes={GC.GetTotalAllocatedBytes(precise: true) - allocated};gcs={GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gcs}"));
        }

        var times = new PhaseTimes(Median(dmatrixMs), Median(trainMs));
        sink.Add($"train.{n}.argus.dmatrix_ms", times.DMatrixMs, "ms", "runs=" + Runs(dmatrixMs));
        sink.Add($"train.{n}.argus.train_ms", times.TrainMs, "ms", "runs=" + Runs(trainMs) + ";" + string.Join("|", details));

        var predicted = booster!.Predict(x, n, Columns);
        var reference = ReadFloats(Path.Combine(dataDir, $"pred_py_{n}.f32"), n);
        var diff = MaxAbsDiff(predicted, reference);
        double squares = 0;
        for (var i = 0; i < n; i++)
        {
            squares += ((double)predicted[i] - y[i]) * ((double)predicted[i] - y[i]);
        }

        sink.Add($"train.{n}.max_abs_pred_diff", diff, "abs",
            string.Create(CultureInfo.InvariantCulture, $"argus model vs python model (peer PARAMS) on the training rows;argus_train_rmse={Math.Sqrt(squares / n):F6}"));
        return (times, booster, diff);
    }

    private static async Task<(double Ms, double MaxDiff)> PredictArgusAsync(Booster booster, int reps, string dataDir, double quietWait, ResultSink sink)
    {
        const int n = 1_000_000;
        var x = ReadFloats(Path.Combine(dataDir, "Xp.f32"), (long)n * Columns);
        var ms = new List<double>();
        var details = new List<string>();
        float[] predicted = [];
        for (var rep = 1; rep <= reps; rep++)
        {
            var quiet = await CpuSampler.WaitForQuietAsync([], 10, TimeSpan.FromSeconds(quietWait)).ConfigureAwait(false);
            var sampler = CpuSampler.Start([]);
            var start = Stopwatch.GetTimestamp();
            predicted = booster.Predict(x, n, Columns);
            ms.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            var usage = sampler.Stop();
            details.Add(string.Create(CultureInfo.InvariantCulture,
                $"rep{rep}:quiet_bg_pct={quiet.BackgroundPct:F1};quiet_steal_pct={quiet.StealPct:F1};{usage.Describe()}"));
        }

        var diff = MaxAbsDiff(predicted, ReadFloats(Path.Combine(dataDir, "predp_py.f32"), n));
        sink.Add("predict.1000000.argus_ms", Median(ms), "ms", "runs=" + Runs(ms) + ";" + string.Join("|", details));
        sink.Add("predict.1000000.max_abs_pred_diff", diff, "abs", "argus model vs python model on the peer's seed-1 batch");
        return (Median(ms), diff);
    }

    /// <summary>Runs the peer as a child process after a quiet wait, with CPU accounting on it; parses its RESULT lines.</summary>
    private static async Task<PeerResults> RunPeerAsync(
        string python, string peer, IReadOnlyList<int> rows, int reps, double quietWait, double maxSeconds, ResultSink sink)
    {
        var quiet = await CpuSampler.WaitForQuietAsync([], 10, TimeSpan.FromSeconds(quietWait)).ConfigureAwait(false);
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(peer);
        info.ArgumentList.Add("--rows");
        foreach (var n in rows)
        {
            info.ArgumentList.Add(n.ToString(CultureInfo.InvariantCulture));
        }

        info.ArgumentList.Add("--reps");
        info.ArgumentList.Add(reps.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {python} {peer}.");
        var sampler = CpuSampler.Start([process.Id]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(maxSeconds));
        var results = new PeerResults();
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
            {
                Console.WriteLine("peer: " + line);
                if (line.StartsWith("RESULT ", StringComparison.Ordinal))
                {
                    Parse(line["RESULT ".Length..], results);
                }
            }

            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"The training peer did not finish within {maxSeconds} s.");
        }

        var usage = sampler.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The training peer exited with {process.ExitCode}.");
        }

        var detail = string.Create(CultureInfo.InvariantCulture,
            $"quiet_bg_pct={quiet.BackgroundPct:F1};quiet_steal_pct={quiet.StealPct:F1};whole peer process:{usage.Describe()}");
        foreach (var (n, times) in results.Train)
        {
            sink.Add($"train.{n}.python.dmatrix_ms", times.DMatrixMs, "ms", detail);
            sink.Add($"train.{n}.python.train_ms", times.TrainMs, "ms", "runs=" + results.TrainRuns[n] + ";" + detail);
        }

        if (results.InplacePredictMs is { } inplace)
        {
            sink.Add("predict.1000000.python_inplace_ms", inplace, "ms", detail);
        }

        return results;
    }

    private static void Parse(string json, PeerResults results)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        switch (root.GetProperty("kind").GetString())
        {
            case "train":
                var n = root.GetProperty("rows").GetInt32();
                results.Train[n] = new PhaseTimes(root.GetProperty("dmatrix_s").GetDouble() * 1000, root.GetProperty("train_s").GetDouble() * 1000);
                results.TrainRuns[n] = string.Join("/", root.GetProperty("train_runs_s").EnumerateArray()
                    .Select(e => (e.GetDouble() * 1000).ToString("F0", CultureInfo.InvariantCulture)));
                break;
            case "predict" when root.GetProperty("how").GetString() == "inplace_predict":
                results.InplacePredictMs = root.GetProperty("median_s").GetDouble() * 1000;
                break;
            default:
                break;
        }
    }

    private static string Compare(
        IReadOnlyList<int> rows, Dictionary<int, PhaseTimes> argus, Dictionary<int, double> trainDiff,
        double predictMs, double predictDiff, PeerResults py, ResultSink sink)
    {
        var md = new StringBuilder();
        md.AppendLine("| size | phase | Argus ms | Python ms | ratio Argus/Python | target | verdict | max abs prediction diff |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var n in rows)
        {
            var a = argus[n];
            var p = py.Train.GetValueOrDefault(n, new PhaseTimes(double.NaN, double.NaN));
            var dmRatio = a.DMatrixMs / p.DMatrixMs;
            var trainRatio = a.TrainMs / p.TrainMs;
            sink.Add($"train.{n}.ratio.dmatrix", dmRatio, "x");
            sink.Add($"train.{n}.ratio.train", trainRatio, "x", string.Create(CultureInfo.InvariantCulture, $"target<={TrainTarget}"));
            var size = string.Create(CultureInfo.InvariantCulture, $"{n:N0} × {Columns}");
            Row(md, size, "DMatrix build (+ labels)", a.DMatrixMs, p.DMatrixMs, dmRatio, "—", "—", "—");
            Row(md, size, $"train, {Rounds} rounds", a.TrainMs, p.TrainMs, trainRatio, "≤ 1.05",
                trainRatio <= TrainTarget ? "**pass**" : "**miss**", trainDiff[n].ToString("G3", CultureInfo.InvariantCulture) + " (training rows)");
        }

        var pyPredict = py.InplacePredictMs ?? double.NaN;
        var predictRatio = predictMs / pyPredict;
        sink.Add("predict.1000000.ratio", predictRatio, "x");
        Row(md, string.Create(CultureInfo.InvariantCulture, $"1,000,000 × {Columns}, {rows[^1]:N0}-row model"), "batch predict (inplace)",
            predictMs, pyPredict, predictRatio, "—", "—", predictDiff.ToString("G3", CultureInfo.InvariantCulture));
        return md.ToString();
    }

    private static void Row(StringBuilder md, string size, string phase, double argusMs, double pythonMs, double ratio, string target, string verdict, string diff) =>
        md.AppendLine(CultureInfo.InvariantCulture, $"| {size} | {phase} | {argusMs:F0} | {pythonMs:F0} | {ratio:F3} | {target} | {verdict} | {diff} |");

    private static float[] ReadFloats(string path, long count)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.LongLength != count * sizeof(float))
        {
            throw new InvalidDataException($"{path} holds {bytes.LongLength} bytes, expected {count} float32 values.");
        }

        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    private static double MaxAbsDiff(float[] a, float[] b)
    {
        if (a.Length != b.Length)
        {
            throw new InvalidDataException($"Prediction lengths differ: {a.Length} against {b.Length}.");
        }

        double max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        }

        return max;
    }

    private static double Median(List<double> values) => new Percentiles(values).P50;

    private static string Runs(List<double> ms) => string.Join("/", ms.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));

    private readonly record struct PhaseTimes(double DMatrixMs, double TrainMs);

    private sealed class PeerResults
    {
        public Dictionary<int, PhaseTimes> Train { get; } = [];

        public Dictionary<int, string> TrainRuns { get; } = [];

        public double? InplacePredictMs { get; set; }
    }
}
