using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Argus.XGBoost;
using Argus.XGBoost.Native;

namespace Argus.Bench;

/// <summary>
/// <c>training --experiment omp-threads</c>: 100 hist rounds on the peer's rows (the first <c>--rows</c> size), Argus called
/// in three ways, alternating rep by rep with the Python peer, to show what libgomp's per-caller thread pools do to
/// training time. libgomp keeps nthread − 1 idle workers for every thread that ever started a parallel region, while
/// that thread lives; once they outnumber the CPUs, every barrier spins 100 times instead of 300,000 before sleeping.
/// <list type="bullet">
/// <item><c>one-thread</c>: warm-up and training on one thread, as Python calls from its main thread.</item>
/// <item><c>second-thread</c>: a warm-up thread stays alive with its workers while another thread trains, as a
/// thread-pool host does.</item>
/// <item><c>second-thread+release</c>: the same, but the warm-up thread lets go of its workers
/// (<see cref="XGBoostLibrary.ReleaseOpenMpThreads"/>) when done.</item>
/// </list>
/// Each variant runs on threads of its own that exit afterwards (libgomp frees a pool when its thread exits), so the
/// variants do not inherit each other's workers; the main thread never calls libxgboost.
/// </summary>
internal static class TrainingThreadsExperiment
{
    private static readonly string[] Variants = ["one-thread", "second-thread", "second-thread+release"];

    public static async Task RunAsync(
        string dataDir, int n, int reps, string python, string peer, double quietWait, double peerMaxSeconds, ResultSink sink, string? markdown)
    {
        var x = TrainingCommand.ReadFloats(Path.Combine(dataDir, $"X_{n}.f32"), (long)n * TrainingCommand.Columns);
        var y = TrainingCommand.ReadFloats(Path.Combine(dataDir, $"y_{n}.f32"), n);
        var argus = Variants.ToDictionary(v => v, _ => new TrainingCommand.Samples());
        var cpu = Variants.ToDictionary(v => v, _ => new List<double>());
        var py = new Dictionary<int, TrainingCommand.Samples> { [n] = new() };
        var pyPredict = new TrainingCommand.Samples();
        for (var rep = 1; rep <= reps; rep++)
        {
            foreach (var variant in Variants)
            {
                var usage = await RunVariantAsync(variant, x, y, n, quietWait, argus[variant]).ConfigureAwait(false);
                cpu[variant].Add(usage.ClientPct);
                argus[variant].Details.Add(string.Create(CultureInfo.InvariantCulture,
                    $"rep{rep}:bench_cpu_pct={usage.ClientPct:F0};bg_pct={usage.BackgroundPct:F1};steal_pct={usage.StealPct:F1}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"rep {rep} {variant}: train {argus[variant].TrainMs[^1]:F0} ms, process CPU {usage.ClientPct:F0} %, background+steal {usage.BackgroundPct + usage.StealPct:F1} %"));
            }

            await TrainingCommand.RunPeerAsync(python, peer, [n], rep, quietWait, peerMaxSeconds, py, pyPredict).ConfigureAwait(false);
        }

        var peerMs = py[n].QuietMedian(py[n].TrainMs);
        var md = new StringBuilder();
        md.AppendLine("| caller | train ms, median (runs) | process CPU %, median | ratio to Python |");
        md.AppendLine("|---|---|---|---|");
        foreach (var variant in Variants)
        {
            var samples = argus[variant];
            var ms = samples.QuietMedian(samples.TrainMs);
            var quietCpu = cpu[variant].Where((_, i) => samples.BackgroundPct[i] < 25).ToList();
            var cpuMedian = quietCpu.Count == 0 ? double.NaN : new Percentiles(quietCpu).P50;
            sink.Add($"omp_threads.{n}.{variant}.train_ms", ms, "ms", "quiet-rep median;runs=" + samples.Runs(samples.TrainMs) + ";" + string.Join("|", samples.Details));
            sink.Add($"omp_threads.{n}.{variant}.ratio", ms / peerMs, "x");
            md.AppendLine(CultureInfo.InvariantCulture, $"| {variant} | {ms:F0} ({samples.Runs(samples.TrainMs)}) | {cpuMedian:F0} | {ms / peerMs:F3} |");
        }

        sink.Add($"omp_threads.{n}.python.train_ms", peerMs, "ms", "quiet-rep median;runs=" + py[n].Runs(py[n].TrainMs) + ";" + string.Join("|", py[n].Details));
        md.AppendLine(CultureInfo.InvariantCulture, $"| Python peer (main thread) | {peerMs:F0} ({py[n].Runs(py[n].TrainMs)}) | — | 1 |");
        Console.WriteLine(md);
        if (markdown is not null)
        {
            await File.WriteAllTextAsync(markdown, md.ToString()).ConfigureAwait(false);
        }
    }

    private static async Task<CpuUsage> RunVariantAsync(string variant, float[] x, float[] y, int n, double quietWait, TrainingCommand.Samples samples)
    {
        var trainer = variant == "one-thread" ? Warmed(release: false) : null;
        var warmup = trainer is null ? Warmed(release: variant.EndsWith("+release", StringComparison.Ordinal)) : null;
        try
        {
            if (warmup is not null)
            {
                await warmup.Ready.ConfigureAwait(false);
                trainer = new DedicatedThread("argus-train");
            }
            else
            {
                await trainer!.Ready.ConfigureAwait(false);
            }

            _ = await CpuSampler.WaitForQuietAsync([], 10, TimeSpan.FromSeconds(quietWait)).ConfigureAwait(false);
            var usage = await trainer.RunAsync(() =>
            {
                var sampler = CpuSampler.Start([]);
                var start = Stopwatch.GetTimestamp();
                using var dm = new DMatrix(x, n, TrainingCommand.Columns);
                dm.SetLabel(y);
                var built = Stopwatch.GetTimestamp();
                using var booster = XGBoostTrainer.Train(TrainingCommand.Options, dm, [], TrainingCommand.Rounds).Booster;
                var trained = Stopwatch.GetTimestamp();
                var used = sampler.Stop();
                samples.DMatrixMs.Add(Stopwatch.GetElapsedTime(start, built).TotalMilliseconds);
                samples.TrainMs.Add(Stopwatch.GetElapsedTime(built, trained).TotalMilliseconds);
                samples.BackgroundPct.Add(used.BackgroundPct + used.StealPct);
                return used;
            }).ConfigureAwait(false);
            return usage;
        }
        finally
        {
            trainer?.Dispose();
            warmup?.Dispose();
        }
    }

    /// <summary>A thread that has run the bench's warm-up (and, with <paramref name="release"/>, let go of its workers).</summary>
    private static DedicatedThread Warmed(bool release)
    {
        var thread = new DedicatedThread("argus-warmup");
        thread.Ready = thread.RunAsync(() =>
        {
            TrainingCommand.Warmup();
            TrainingCommand.AfterNativeWork(release);
            return 0;
        });
        return thread;
    }

    /// <summary>One thread that runs what it is given, in order, and exits on dispose (freeing libgomp's pool for it).</summary>
    private sealed class DedicatedThread : IDisposable
    {
        private readonly BlockingCollection<Action> _work = [];
        private readonly Thread _thread;

        public DedicatedThread(string name)
        {
            _thread = new Thread(() =>
            {
                // Ends once Dispose has completed the queue and it is drained.
                while (_work.TryTake(out var item, Timeout.Infinite))
                {
                    item();
                }
            })
            { Name = name, IsBackground = true };
            _thread.Start();
            Ready = Task.CompletedTask;
        }

        public Task Ready { get; set; }

        public Task<T> RunAsync<T>(Func<T> body)
        {
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _work.Add(() =>
            {
                try
                {
                    done.SetResult(body());
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            });
            return done.Task;
        }

        public void Dispose()
        {
            _work.CompleteAdding();
            _thread.Join();
            _work.Dispose();
        }
    }
}
