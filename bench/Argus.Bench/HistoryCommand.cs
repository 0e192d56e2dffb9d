using System.Diagnostics;
using System.Globalization;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Rest;

namespace Argus.Bench;

/// <summary>
/// <c>history</c>: logs one metric of N steps to a fresh run in 1000-point batches, then times
/// GET metrics/get-history of the whole curve (warm-up, then timed requests).
/// </summary>
internal static class HistoryCommand
{
    public const string Experiment = "bench-history";

    public static async Task RunAsync(BenchArgs args)
    {
        var uri = new Uri(args.Required("uri"));
        var stepsList = args.Ints("steps", "100000,40000");
        var batchSize = args.Int("batch-size", 1000);
        var warmup = args.Int("warmup", 5);
        var requests = args.Int("requests", 30);
        var maxSeconds = args.Double("max-seconds", 60);
        var pids = TrackingSetup.Pids(args);
        var quietWait = args.Double("quiet-wait", 10);
        var sink = ResultSink.From(args);
        args.RejectUnknown();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds((maxSeconds + 60) * stepsList.Count));
        var ct = timeout.Token;
        using var http = new BenchHttp(uri);
        var experimentId = await TrackingSetup.CreateExperimentAsync(http, Experiment, ct).ConfigureAwait(false);
        foreach (var steps in stepsList)
        {
            var runId = await TrackingSetup.CreateRunAsync(http, experimentId, $"history-{steps}", ct).ConfigureAwait(false);
            var random = new Random(steps);
            var logStart = Stopwatch.GetTimestamp();
            for (var first = 0; first < steps; first += batchSize)
            {
                var metrics = Enumerable.Range(first, Math.Min(batchSize, steps - first))
                    .Select(s => new Metric("loss", random.NextDouble(), MetricWorkload.BaseTimestamp + s, s)).ToArray();
                await http.PostAsync("runs/log-batch", MetricWorkload.Body(runId, metrics), ct).ConfigureAwait(false);
            }

            var logSeconds = Stopwatch.GetElapsedTime(logStart).TotalSeconds;
            sink.Add($"history.{steps}.log_points_per_s", steps / logSeconds, "points/s", string.Create(CultureInfo.InvariantCulture,
                $"clients=1;keys=1;batch_size={batchSize};seconds={logSeconds:F2};serialization_included=true"));

            var path = $"metrics/get-history?run_id={runId}&metric_key=loss";
            var reply = TrackingJson.Deserialize<MetricHistoryResponse>(await http.GetAsync(path, ct).ConfigureAwait(false))!;
            var points = reply.Metrics ?? [];
            if (points.Count != steps || points.Select((m, i) => m.Step != i).Any(bad => bad))
            {
                throw new InvalidOperationException($"get-history returned {points.Count} points (or out of order), expected {steps} in step order.");
            }

            var deadline = Stopwatch.GetTimestamp() + (long)(maxSeconds * Stopwatch.Frequency);
            for (var i = 1; i < warmup; i++)
            {
                await http.GetAsync(path, ct).ConfigureAwait(false);
            }

            var quiet = await CpuSampler.WaitForQuietAsync(pids, 10, TimeSpan.FromSeconds(quietWait)).ConfigureAwait(false);
            var latencies = new List<double>();
            var bytes = 0;
            var sampler = CpuSampler.Start(pids);
            for (var i = 0; i < requests && Stopwatch.GetTimestamp() < deadline; i++)
            {
                (var ms, bytes) = await BenchHttp.TimeAsync(() => http.GetAsync(path, ct)).ConfigureAwait(false);
                latencies.Add(ms);
            }

            var usage = sampler.Stop();
            Console.WriteLine($"history-run\t{steps}\t{runId}");
            sink.AddLatencies($"history.{steps}.get", new Percentiles(latencies), string.Create(CultureInfo.InvariantCulture,
                $"run_id={runId};points={steps};reply_bytes={bytes};warmup={warmup};quiet_bg_pct={quiet.BackgroundPct:F1};{usage.Describe()}"));
        }
    }
}
