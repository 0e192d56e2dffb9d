using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Argus.XGBoost;
using Argus.XGBoost.Native;

namespace Argus.Bench;

/// <summary>
/// XGBoost training through Argus.XGBoost beside the Python training peer, in the same run: DMatrix
/// construction, 100 rounds of hist training and 1M-row batch prediction, medians of reps. The data and
/// Python reference predictions are files written by <c>bench/training_data.py</c> from the peer's own
/// <c>make_data</c>; the peer runs as a child process (one rep per call, alternating with Argus's reps)
/// and reports its timings on stdout.
/// <para>
/// <c>--omp-release yes</c> lets go of libgomp's workers on the calling thread after every Argus train and predict
/// (<see cref="XGBoostLibrary.ReleaseOpenMpThreads"/>, timed with the call), as <c>XGBoostTrainer.Train</c> would if it
/// did so itself; <c>--experiment omp-threads</c> runs <see cref="TrainingThreadsExperiment"/> instead of the comparison.
/// </para>
/// </summary>
internal static class TrainingCommand
{
    internal const int Columns = 20;
    internal const int Rounds = 100;
    private const int PredictRows = 1_000_000;
    private const double TrainTarget = 1.05;

    // A rep counts only when processes not ours used less than this share of a core during it: on 2 cores a
    // busy neighbour stalls OpenMP's barriers and can triple a run (26 s against 8 s seen at 1M rows).
    private const double MaxBackgroundPct = 25;

    // The peer's PARAMS: reg:squarederror, hist, max_depth 6, eta 0.3, nthread 2, seed 0.
    internal static readonly TrainOptions Options = new()
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
        var release = args.Text("omp-release", "no") switch
        {
            "yes" => true,
            "no" => false,
            var other => throw new ArgumentException($"--omp-release takes yes or no, not '{other}'."),
        };
        var experiment = args.Optional("experiment");
        var sink = ResultSink.From(args);
        args.RejectUnknown();
        if (experiment is not null)
        {
            if (experiment != "omp-threads")
            {
                throw new ArgumentException($"--experiment takes omp-threads, not '{experiment}'.");
            }

            await TrainingThreadsExperiment.RunAsync(dataDir, rows[0], reps, python, peer, quietWait, peerMaxSeconds, sink, markdown).ConfigureAwait(false);
            return;
        }

        Console.WriteLine($"omp-release={(release ? "yes" : "no")}");
        Warmup();
        AfterNativeWork(release);
        var data = rows.ToDictionary(n => n, n => (
            X: ReadFloats(Path.Combine(dataDir, $"X_{n}.f32"), (long)n * Columns),
            Y: ReadFloats(Path.Combine(dataDir, $"y_{n}.f32"), n)));
        var batch = ReadFloats(Path.Combine(dataDir, "Xp.f32"), (long)PredictRows * Columns);

        // Argus and the peer alternate rep by rep, so drift in a shared machine's load hits both sides alike.
        var argus = rows.ToDictionary(n => n, _ => new Samples());
        var py = rows.ToDictionary(n => n, _ => new Samples());
        var argusPredict = new Samples();
        var pyPredict = new Samples();
        var trainDiff = new Dictionary<int, double>();
        var predictDiff = double.NaN;
        for (var rep = 1; rep <= reps; rep++)
        {
            Booster? largest = null;
            try
            {
                foreach (var n in rows)
                {
                    largest?.Dispose();
                    largest = await TrainArgusAsync(n, data[n].X, data[n].Y, rep, quietWait, release, argus[n]).ConfigureAwait(false);
                    if (rep == reps)
                    {
                        trainDiff[n] = CheckTrainingPredictions(largest, n, data[n].X, data[n].Y, dataDir, sink);
                        AfterNativeWork(release);
                    }
                }

                await PredictArgusAsync(largest!, batch, rep, quietWait, release, argusPredict).ConfigureAwait(false);
                if (rep == reps)
                {
                    var reference = ReadFloats(Path.Combine(dataDir, "predp_py.f32"), PredictRows);
                    predictDiff = MaxAbsDiff(largest!.Predict(batch, PredictRows, Columns), reference);
                    AfterNativeWork(release);
                    sink.Add($"predict.{PredictRows}.max_abs_pred_diff", predictDiff, "abs", "argus model vs python model, on the peer's seed-1 batch");
                    largest.Save(Path.Combine(dataDir, $"argus_model_{rows[^1]}.json"));
                }
            }
            finally
            {
                largest?.Dispose();
            }

            await RunPeerAsync(python, peer, rows, rep, quietWait, peerMaxSeconds, py, pyPredict).ConfigureAwait(false);
        }

        foreach (var n in rows)
        {
            argus[n].Report(sink, $"train.{n}.argus");
            py[n].Report(sink, $"train.{n}.python");
        }

        argusPredict.Report(sink, $"predict.{PredictRows}.argus");
        pyPredict.Report(sink, $"predict.{PredictRows}.python_inplace");
        var table = Compare(rows, argus, py, trainDiff, argusPredict, pyPredict, predictDiff, sink);
        Console.WriteLine(table);
        if (markdown is not null)
        {
            await File.WriteAllTextAsync(markdown, table).ConfigureAwait(false);
        }
    }

    /// <summary>Loads libxgboost and JITs the binding's paths on a tiny matrix, as the peer's `import xgboost` does before its clock starts.</summary>
    internal static void Warmup()
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

    /// <summary>With <paramref name="release"/>, lets go of the OpenMP workers libgomp keeps for this thread.</summary>
    internal static void AfterNativeWork(bool release)
    {
        if (release && !XGBoostLibrary.ReleaseOpenMpThreads())
        {
            throw new InvalidOperationException("--omp-release yes needs libxgboost on GNU libgomp.");
        }
    }

    private static async Task<Booster> TrainArgusAsync(int n, float[] x, float[] y, int rep, double quietWait, bool release, Samples samples)
    {
        var quiet = await CpuSampler.WaitForQuietAsync([], 10, TimeSpan.FromSeconds(quietWait)).ConfigureAwait(false);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var gcs = GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2);
        var sampler = CpuSampler.Start([]);
        var start = Stopwatch.GetTimestamp();
        using var dm = new DMatrix(x, n, Columns);
        dm.SetLabel(y);
        var built = Stopwatch.GetTimestamp();
        var booster = XGBoostTrainer.Train(Options, dm, [], Rounds).Booster;
        AfterNativeWork(release);
        var trained = Stopwatch.GetTimestamp();
        var usage = sampler.Stop();
        samples.DMatrixMs.Add(Stopwatch.GetElapsedTime(start, built).TotalMilliseconds);
        samples.TrainMs.Add(Stopwatch.GetElapsedTime(built, trained).TotalMilliseconds);
        samples.BackgroundPct.Add(usage.BackgroundPct + usage.StealPct);
        samples.Details.Add(string.Create(CultureInfo.InvariantCulture,
            $"rep{rep}:quiet_bg_pct={quiet.BackgroundPct:F1};quiet_steal_pct={quiet.StealPct:F1};bench_cpu_pct={usage.ClientPct:F0};bg_pct={usage.BackgroundPct:F1};steal_pct={usage.StealPct:F1};" +
            $"managed_alloc_bytes={GC.GetTotalAllocatedBytes(precise: true) - allocated};gcs={GC.CollectionCount(0) + GC.CollectionCount(1) + GC.CollectionCount(2) - gcs}"));
        return booster;
    }

    private static double CheckTrainingPredictions(Booster booster, int n, float[] x, float[] y, string dataDir, ResultSink sink)
    {
        var predicted = booster.Predict(x, n, Columns);
        var diff = MaxAbsDiff(predicted, ReadFloats(Path.Combine(dataDir, $"pred_py_{n}.f32"), n));
        double squares = 0;
        for (var i = 0; i < n; i++)
        {
            var e = (double)predicted[i] - y[i];
            squares += e * e;
        }

        sink.Add($"train.{n}.max_abs_pred_diff", diff, "abs",
            string.Create(CultureInfo.InvariantCulture, $"argus model vs python model (peer PARAMS), on the training rows;argus_train_rmse={Math.Sqrt(squares / n):F6}"));
        return diff;
    }

    private static async Task PredictArgusAsync(Booster booster, float[] batch, int rep, double quietWait, bool release, Samples samples)
    {
        var quiet = await CpuSampler.WaitForQuietAsync([], 10, TimeSpan.FromSeconds(quietWait)).ConfigureAwait(false);
        var sampler = CpuSampler.Start([]);
        var start = Stopwatch.GetTimestamp();
        _ = booster.Predict(batch, PredictRows, Columns);
        AfterNativeWork(release);
        samples.TrainMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        var usage = sampler.Stop();
        samples.BackgroundPct.Add(usage.BackgroundPct + usage.StealPct);
        samples.Details.Add(string.Create(CultureInfo.InvariantCulture,
            $"rep{rep}:quiet_bg_pct={quiet.BackgroundPct:F1};quiet_steal_pct={quiet.StealPct:F1};bench_cpu_pct={usage.ClientPct:F0};bg_pct={usage.BackgroundPct:F1};steal_pct={usage.StealPct:F1}"));
    }

    /// <summary>
    /// Runs one rep of the peer as a child process after a quiet wait and parses its RESULT lines. The peer's CPU
    /// is read from our children's times (cutime + cstime), which count it once it has been reaped.
    /// </summary>
    internal static async Task RunPeerAsync(
        string python, string peer, IReadOnlyList<int> rows, int rep, double quietWait, double maxSeconds,
        Dictionary<int, Samples> train, Samples predict)
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
        info.ArgumentList.Add("1");
        var childTicks = ChildTicks();
        var sampler = CpuSampler.Start([]);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {python} {peer}.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(maxSeconds));
        var lines = new List<string>();
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
            {
                Console.WriteLine("peer: " + line);
                if (line.StartsWith("RESULT ", StringComparison.Ordinal))
                {
                    lines.Add(line["RESULT ".Length..]);
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

        var peerPct = (ChildTicks() - childTicks) / 100.0 / usage.Seconds * 100;
        var background = Math.Max(0, usage.BackgroundPct - peerPct) + usage.StealPct;
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"rep{rep}:quiet_bg_pct={quiet.BackgroundPct:F1};quiet_steal_pct={quiet.StealPct:F1};whole_peer_process:peer_cpu_pct={peerPct:F0};bg_pct={Math.Max(0, usage.BackgroundPct - peerPct):F1};steal_pct={usage.StealPct:F1}");
        foreach (var json in lines)
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var kind = root.GetProperty("kind").GetString();
            if (kind == "train" && train.TryGetValue(root.GetProperty("rows").GetInt32(), out var samples))
            {
                samples.DMatrixMs.Add(root.GetProperty("dmatrix_s").GetDouble() * 1000);
                samples.TrainMs.Add(root.GetProperty("train_s").GetDouble() * 1000);
                samples.BackgroundPct.Add(background);
                samples.Details.Add(detail);
            }
            else if (kind == "predict" && root.GetProperty("how").GetString() == "inplace_predict")
            {
                predict.TrainMs.Add(root.GetProperty("median_s").GetDouble() * 1000);
                predict.BackgroundPct.Add(background);
                predict.Details.Add(detail);
            }
        }
    }

    private static string Compare(
        IReadOnlyList<int> rows, Dictionary<int, Samples> argus, Dictionary<int, Samples> py, Dictionary<int, double> trainDiff,
        Samples argusPredict, Samples pyPredict, double predictDiff, ResultSink sink)
    {
        var md = new StringBuilder();
        md.AppendLine("| size | phase | Argus ms | Python ms | ratio Argus/Python | target | verdict | max abs prediction diff |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var n in rows)
        {
            var a = argus[n];
            var p = py[n];
            var dmRatio = a.QuietMedian(a.DMatrixMs) / p.QuietMedian(p.DMatrixMs);
            var trainRatio = a.QuietMedian(a.TrainMs) / p.QuietMedian(p.TrainMs);
            sink.Add($"train.{n}.ratio.dmatrix", dmRatio, "x");
            sink.Add($"train.{n}.ratio.train", trainRatio, "x", string.Create(CultureInfo.InvariantCulture, $"target<={TrainTarget}"));
            var size = string.Create(CultureInfo.InvariantCulture, $"{n:N0} × {Columns}");
            Row(md, size, "DMatrix build (+ labels)", a, a.DMatrixMs, p, p.DMatrixMs, dmRatio, "—", "—", "—");
            Row(md, size, $"train, {Rounds} rounds", a, a.TrainMs, p, p.TrainMs, trainRatio, "≤ 1.05",
                double.IsNaN(trainRatio) ? "**no quiet rep**" : trainRatio <= TrainTarget ? "**pass**" : "**miss**",
                trainDiff.TryGetValue(n, out var d) ? d.ToString("G3", CultureInfo.InvariantCulture) + " (training rows)" : "—");
        }

        var predictRatio = argusPredict.QuietMedian(argusPredict.TrainMs) / pyPredict.QuietMedian(pyPredict.TrainMs);
        sink.Add($"predict.{PredictRows}.ratio", predictRatio, "x");
        Row(md, string.Create(CultureInfo.InvariantCulture, $"{PredictRows:N0} × {Columns}, {rows[^1]:N0}-row model"), "batch predict (inplace)",
            argusPredict, argusPredict.TrainMs, pyPredict, pyPredict.TrainMs, predictRatio, "—", "—", predictDiff.ToString("G3", CultureInfo.InvariantCulture));
        return md.ToString();
    }

    private static void Row(
        StringBuilder md, string size, string phase, Samples argus, List<double> argusMs, Samples python, List<double> pythonMs,
        double ratio, string target, string verdict, string diff) =>
        md.AppendLine(CultureInfo.InvariantCulture,
            $"| {size} | {phase} | {argus.QuietMedian(argusMs):F0} ({argus.Runs(argusMs)}) | {python.QuietMedian(pythonMs):F0} ({python.Runs(pythonMs)}) | {ratio:F3} | {target} | {verdict} | {diff} |");

    /// <summary>CPU ticks of this process's reaped children (cutime + cstime in /proc/self/stat).</summary>
    private static long ChildTicks()
    {
        var text = File.ReadAllText("/proc/self/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ", field 3 (state) is index 0, so cutime (16) and cstime (17) are 13 and 14.
        return long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
    }

    internal static float[] ReadFloats(string path, long count)
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

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : new Percentiles(values).P50;

    /// <summary>One side's per-rep times of one size (for prediction, <see cref="TrainMs"/> holds the predict times).</summary>
    internal sealed class Samples
    {
        public List<double> DMatrixMs { get; } = [];

        public List<double> TrainMs { get; } = [];

        public List<string> Details { get; } = [];

        /// <summary>Background + steal CPU (% of a core) during each rep.</summary>
        public List<double> BackgroundPct { get; } = [];

        /// <summary>The median over the reps during which the machine was otherwise quiet; NaN when none was.</summary>
        public double QuietMedian(List<double> ms) => Median(ms.Where((_, i) => BackgroundPct[i] < MaxBackgroundPct).ToList());

        /// <summary>Every rep's time; a rep run beside a busy neighbour is marked with an asterisk and left out of the median.</summary>
        public string Runs(List<double> ms) => string.Join(" / ", ms.Select((v, i) =>
            v.ToString("F0", CultureInfo.InvariantCulture) + (BackgroundPct[i] < MaxBackgroundPct ? "" : "*")));

        public void Report(ResultSink sink, string name)
        {
            if (DMatrixMs.Count > 0)
            {
                sink.Add(name + ".dmatrix_ms", QuietMedian(DMatrixMs), "ms", "quiet-rep median;runs=" + Runs(DMatrixMs));
            }

            sink.Add(name + (DMatrixMs.Count > 0 ? ".train_ms" : "_ms"), QuietMedian(TrainMs), "ms",
                "quiet-rep median;runs=" + Runs(TrainMs) + ";" + string.Join("|", Details));
        }
    }
}
