using System.Diagnostics;
using System.Globalization;
using Argus.Core.Tracking.Rest;

namespace Argus.Bench;

/// <summary><c>create-runs</c>: POST runs/create (no name given, so the server generates one), from N concurrent clients.</summary>
internal static class CreateRunsCommand
{
    public static async Task RunAsync(BenchArgs args)
    {
        var uri = new Uri(args.Required("uri"));
        var label = args.Text("label", "sqlite");
        var clients = args.Int("clients", 1);
        var total = args.Int("runs", 2000);
        var warmup = args.Int("warmup", 20);
        var maxSeconds = args.Double("max-seconds", 20);
        var pids = TrackingSetup.Pids(args);
        var quietWait = args.Double("quiet-wait", 20);
        var sink = ResultSink.From(args);
        args.RejectUnknown();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(maxSeconds + 60));
        var ct = timeout.Token;
        using var setup = new BenchHttp(uri);
        var experimentId = await TrackingSetup.CreateExperimentAsync(setup, $"create-runs-{label}-{Guid.NewGuid():N}", ct).ConfigureAwait(false);
        var body = TrackingJson.SerializeToUtf8Bytes(new CreateRunRequest(experimentId, "bench", null, MetricWorkload.BaseTimestamp));
        var https = Enumerable.Range(0, clients).Select(_ => new BenchHttp(uri)).ToArray();
        try
        {
            await Task.WhenAll(https.Select(async h =>
            {
                for (var i = 0; i < warmup; i++)
                {
                    await h.PostAsync("runs/create", body, ct).ConfigureAwait(false);
                }
            })).ConfigureAwait(false);

            var quiet = await CpuSampler.WaitForQuietAsync(pids, 10, TimeSpan.FromSeconds(quietWait)).ConfigureAwait(false);
            var latencies = new List<double>[clients];
            var remaining = total;
            var sampler = CpuSampler.Start(pids);
            var start = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var mine = latencies[c] = [];
                while (Interlocked.Decrement(ref remaining) >= 0 && Stopwatch.GetElapsedTime(start).TotalSeconds < maxSeconds)
                {
                    var (ms, _) = await BenchHttp.TimeAsync(() => https[c].PostAsync("runs/create", body, ct)).ConfigureAwait(false);
                    mine.Add(ms);
                }
            }, ct))).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var usage = sampler.Stop();
            var created = latencies.Sum(l => l.Count);
            var detail = string.Create(CultureInfo.InvariantCulture,
                $"clients={clients};runs={created};seconds={seconds:F2};quiet_bg_pct={quiet.BackgroundPct:F1};{usage.Describe()}");
            sink.Add($"create_runs.{label}.c{clients}.runs_per_s", created / seconds, "runs/s", detail);
            sink.AddLatencies($"create_runs.{label}.c{clients}.request", new Percentiles(latencies.SelectMany(l => l)), detail);
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
