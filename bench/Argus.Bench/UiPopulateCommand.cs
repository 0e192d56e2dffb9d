using System.Diagnostics;
using System.Globalization;
using Argus.Core.Tracking;

namespace Argus.Bench;

/// <summary>
/// <c>populate-ui</c>: the web UI benchmark's data beside what <c>populate</c> writes: one run whose metric
/// <c>loss</c> has <c>--history-points</c> steps, and an experiment of <c>--wide-runs</c> runs with
/// <c>--wide-metrics</c> metrics each (the 2,000-column runs table). Everything goes through the store
/// (<c>CreateRunAsync</c> + <c>LogBatchAsync</c> in batches of 1000), so the rows are exactly the store's.
/// Prints <c>history-run RUN_ID KEY POINTS</c> and <c>wide-experiment EXPERIMENT_ID RUNS METRICS</c>.
/// </summary>
internal static class UiPopulateCommand
{
    /// <summary>The name of the wide runs' metric <paramref name="i"/>: m0000, m0001, …, so names sort in number order.</summary>
    public static string WideKey(int i) => "m" + i.ToString("D4", CultureInfo.InvariantCulture);

    public static async Task RunAsync(BenchArgs args)
    {
        var uri = args.Required("store-uri");
        var historyPoints = args.Int("history-points", 1_000_000);
        var wideRuns = args.Int("wide-runs", 100);
        var wideMetrics = args.Int("wide-metrics", 2000);
        var seed = args.Int("seed", 11);
        var sink = ResultSink.From(args);
        args.RejectUnknown();

        var ct = CancellationToken.None;
        var random = new Random(seed);
        await using var store = await TrackingStores.OpenAsync(uri, cancellationToken: ct).ConfigureAwait(false);

        var start = Stopwatch.GetTimestamp();
        var historyExperiment = await store.CreateExperimentAsync("ui-history", null, [], ct).ConfigureAwait(false);
        var run = await store.CreateRunAsync(new RunCreation
        {
            ExperimentId = historyExperiment, RunName = "history-1m", UserId = "bench", StartTime = MetricWorkload.BaseTimestamp,
        }, ct).ConfigureAwait(false);
        var runId = run.Info.RunId;
        await store.LogBatchAsync(runId, [], [new Param("points", historyPoints.ToString(CultureInfo.InvariantCulture))], [], ct).ConfigureAwait(false);
        var batch = new Metric[TrackingLimits.MaxMetricsPerBatch];
        for (var first = 0; first < historyPoints; first += batch.Length)
        {
            var count = Math.Min(batch.Length, historyPoints - first);
            for (var i = 0; i < count; i++)
            {
                var step = first + i;
                // A decaying training loss with noise and a few spikes, so LTTB has peaks to keep.
                var value = Math.Exp(-step / 200_000.0) + (0.05 * random.NextDouble()) + (step % 100_003 == 0 ? 0.5 : 0);
                batch[i] = new Metric("loss", value, MetricWorkload.BaseTimestamp + step, step);
            }

            await store.LogBatchAsync(runId, new ArraySegment<Metric>(batch, 0, count), [], [], ct).ConfigureAwait(false);
        }

        var historySeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Console.WriteLine($"history-run\t{runId}\tloss\t{historyPoints}");
        sink.Add("populate_ui.history_points", historyPoints, "points",
            string.Create(CultureInfo.InvariantCulture, $"run_id={runId};seconds={historySeconds:F1};through=LogBatchAsync"));

        start = Stopwatch.GetTimestamp();
        var wideExperiment = await store.CreateExperimentAsync("ui-wide", null, [], ct).ConfigureAwait(false);
        for (var r = 0; r < wideRuns; r++)
        {
            var wide = await store.CreateRunAsync(new RunCreation
            {
                ExperimentId = wideExperiment,
                RunName = "wide-" + r.ToString(CultureInfo.InvariantCulture),
                UserId = "bench",
                StartTime = MetricWorkload.BaseTimestamp + (r * 1000L),
            }, ct).ConfigureAwait(false);
            for (var first = 0; first < wideMetrics; first += batch.Length)
            {
                var count = Math.Min(batch.Length, wideMetrics - first);
                for (var i = 0; i < count; i++)
                {
                    batch[i] = new Metric(WideKey(first + i), random.NextDouble(), MetricWorkload.BaseTimestamp + (r * 1000L), 0);
                }

                await store.LogBatchAsync(wide.Info.RunId, new ArraySegment<Metric>(batch, 0, count), [], [], ct).ConfigureAwait(false);
            }
        }

        var wideSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Console.WriteLine($"wide-experiment\t{wideExperiment}\t{wideRuns}\t{wideMetrics}");
        sink.Add("populate_ui.wide_metric_rows", (double)wideRuns * wideMetrics, "points",
            string.Create(CultureInfo.InvariantCulture, $"experiment_id={wideExperiment};runs={wideRuns};metrics={wideMetrics};seconds={wideSeconds:F1}"));
    }
}
