using System.Diagnostics;
using System.Globalization;

namespace Argus.Bench;

/// <summary>
/// <c>logbatch</c>: N concurrent clients, each with its own connection and its own run, POST
/// pre-serialized 1000-point runs/log-batch bodies as fast as the server takes them.
/// </summary>
internal static class LogBatchCommand
{
    public static async Task RunAsync(BenchArgs args)
    {
        var uri = new Uri(args.Required("uri"));
        var label = args.Text("label", "sqlite");
        var clients = args.Int("clients", 4);
        var batches = args.Int("batches", 250);
        var warmup = args.Int("warmup", 5);
        var batchSize = args.Int("batch-size", 1000);
        var keys = args.Int("keys", 10);
        var maxSeconds = args.Double("max-seconds", 60);
        var seed = args.Int("seed", 1);
        var pids = TrackingSetup.Pids(args);
        var quietWait = args.Double("quiet-wait", 20);
        var sink = ResultSink.From(args);
        args.RejectUnknown();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(maxSeconds + 120));
        var ct = timeout.Token;
        using var setup = new BenchHttp(uri);
        var experimentId = await TrackingSetup.CreateExperimentAsync(setup, $"logbatch-{label}-{Guid.NewGuid():N}", ct).ConfigureAwait(false);
        var runIds = new string[clients];
        for (var c = 0; c < clients; c++)
        {
            runIds[c] = await TrackingSetup.CreateRunAsync(setup, experimentId, $"client-{c}", ct).ConfigureAwait(false);
        }

        // Bodies are serialized before the clock starts: the figure is the server's, not the client's JSON writer.
        var bodies = new byte[clients][][];
        long bodyBytes = 0;
        for (var c = 0; c < clients; c++)
        {
            var random = new Random(seed * 1000 + c);
            bodies[c] = new byte[warmup + batches][];
            for (var b = 0; b < warmup + batches; b++)
            {
                bodies[c][b] = MetricWorkload.Body(runIds[c], MetricWorkload.Batch(b, batchSize, keys, random));
                bodyBytes += bodies[c][b].Length;
            }
        }

        var https = Enumerable.Range(0, clients).Select(_ => new BenchHttp(uri)).ToArray();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
            {
                for (var b = 0; b < warmup; b++)
                {
                    await https[c].PostAsync("runs/log-batch", bodies[c][b], ct).ConfigureAwait(false);
                }
            })).ConfigureAwait(false);

            var quiet = await CpuSampler.WaitForQuietAsync(pids, 10, TimeSpan.FromSeconds(quietWait)).ConfigureAwait(false);
            var latencies = new List<double>[clients];
            var sent = new int[clients];
            var sampler = CpuSampler.Start(pids);
            var start = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var mine = latencies[c] = new List<double>(batches);
                for (var b = warmup; b < warmup + batches; b++)
                {
                    if (Stopwatch.GetElapsedTime(start).TotalSeconds > maxSeconds)
                    {
                        break;
                    }

                    var (ms, _) = await BenchHttp.TimeAsync(() => https[c].PostAsync("runs/log-batch", bodies[c][b], ct)).ConfigureAwait(false);
                    mine.Add(ms);
                    sent[c]++;
                }
            }, ct))).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var usage = sampler.Stop();

            // Read one curve back: every point sent must be stored.
            var expected = (warmup + sent[0]) * (batchSize / keys);
            var stored = await TrackingSetup.HistoryCountAsync(setup, runIds[0], MetricWorkload.KeyName(0), ct).ConfigureAwait(false);
            if (stored != expected)
            {
                throw new InvalidOperationException($"Run {runIds[0]} holds {stored} points of m0, expected {expected}.");
            }

            var requests = sent.Sum();
            var points = (long)requests * batchSize;
            var detail = string.Create(CultureInfo.InvariantCulture,
                $"clients={clients};batch_size={batchSize};keys={keys};points={points};seconds={seconds:F2};body_bytes={bodyBytes / (clients * (warmup + batches))};quiet_bg_pct={quiet.BackgroundPct:F1};{usage.Describe()}");
            sink.Add($"logbatch.{label}.points_per_s", points / seconds, "points/s", detail);
            sink.Add($"logbatch.{label}.requests_per_s", requests / seconds, "req/s", detail);
            sink.Add($"logbatch.{label}.server_cpu_us_per_point", usage.ServerPct / 100 * seconds / points * 1e6, "us", detail);
            sink.AddLatencies($"logbatch.{label}.request", new Percentiles(latencies.SelectMany(l => l)), detail);
        }
        finally
        {
            foreach (var h in https)
            {
                h.Dispose();
            }
        }
    }
}
