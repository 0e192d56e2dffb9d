using System.Diagnostics;
using System.Globalization;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Rest;

namespace Argus.Bench;

/// <summary>
/// <c>profile-logbatch</c>: where a log-batch request's time goes, without HTTP. Times the JSON
/// parse of one 1000-point body, and <see cref="ITrackingStore.LogBatchAsync"/> called in-process
/// by 1 and by N concurrent writers on the same batches the HTTP clients send.
/// </summary>
internal static class ProfileLogBatchCommand
{
    public static async Task RunAsync(BenchArgs args)
    {
        var uri = args.Required("store-uri");
        var label = args.Text("label", "sqlite");
        var clientCounts = args.Ints("clients", "1,4");
        var batches = args.Int("batches", 100);
        var batchSize = args.Int("batch-size", 1000);
        var keys = args.Int("keys", 10);
        var pids = TrackingSetup.Pids(args);
        var sink = ResultSink.From(args);
        args.RejectUnknown();

        var sample = MetricWorkload.Batch(0, batchSize, keys, new Random(1));
        var body = MetricWorkload.Body(Guid.NewGuid().ToString("N"), sample);
        var parse = Timing.Measure(() => TrackingJson.Deserialize<LogBatchRequest>(body), 50, 500);
        var detail = string.Create(CultureInfo.InvariantCulture, $"body_bytes={body.Length};points={batchSize};in_process=true");
        sink.Add("profile.json.logbatch_parse_us", parse.P50 * 1000, "us", detail + ";what=TrackingJson.Deserialize<LogBatchRequest>");
        var write = Timing.Measure(() => MetricWorkload.Body("r", sample), 50, 500);
        sink.Add("profile.json.logbatch_serialize_us", write.P50 * 1000, "us", detail + ";what=client-side body serialization (not in the HTTP figures)");

        await using var store = await TrackingStores.OpenAsync(uri).ConfigureAwait(false);
        var ct = CancellationToken.None;
        var experimentId = await store.CreateExperimentAsync($"profile-{Guid.NewGuid():N}", null, [], ct).ConfigureAwait(false);
        foreach (var clients in clientCounts)
        {
            var runIds = new string[clients];
            var data = new Metric[clients][][];
            for (var c = 0; c < clients; c++)
            {
                runIds[c] = (await store.CreateRunAsync(new RunCreation { ExperimentId = experimentId }, ct).ConfigureAwait(false)).Info.RunId;
                var random = new Random(1000 + c);
                data[c] = Enumerable.Range(0, batches + 2).Select(b => MetricWorkload.Batch(b, batchSize, keys, random)).ToArray();
                await store.LogBatchAsync(runIds[c], data[c][0], [], [], ct).ConfigureAwait(false);
                await store.LogBatchAsync(runIds[c], data[c][1], [], [], ct).ConfigureAwait(false);
            }

            var quiet = await CpuSampler.WaitForQuietAsync(pids, 10, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            var sampler = CpuSampler.Start(pids);
            var latencies = new List<double>[clients];
            var start = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var mine = latencies[c] = [];
                for (var b = 2; b < batches + 2; b++)
                {
                    var t = Stopwatch.GetTimestamp();
                    await store.LogBatchAsync(runIds[c], data[c][b], [], [], ct).ConfigureAwait(false);
                    mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
            }))).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var usage = sampler.Stop();
            var points = (long)clients * batches * batchSize;
            var d = string.Create(CultureInfo.InvariantCulture, $"writers={clients};batch_size={batchSize};keys={keys};points={points};seconds={seconds:F2};in_process=true;quiet_bg_pct={quiet.BackgroundPct:F1};{usage.Describe()}");
            sink.Add($"profile.store.{label}.c{clients}.points_per_s", points / seconds, "points/s", d);
            sink.AddLatencies($"profile.store.{label}.c{clients}.logbatch", new Percentiles(latencies.SelectMany(l => l)), d);
        }
    }
}
