using System.Globalization;
using Argus.Core.Tracking.Rest;

namespace Argus.Bench;

/// <summary><c>idle-rss</c>: a few ordinary requests, a pause, then the server's VmRSS (and VmHWM, its peak) from /proc.</summary>
internal static class IdleRssCommand
{
    public static async Task RunAsync(BenchArgs args)
    {
        var uri = new Uri(args.Required("uri"));
        var pid = args.Int("server-pid", 0);
        var wait = args.Double("wait", 5);
        var label = args.Text("label", "fresh");
        var sink = ResultSink.From(args);
        args.RejectUnknown();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60 + wait));
        var ct = timeout.Token;
        using (var http = new BenchHttp(uri))
        {
            var experimentId = await TrackingSetup.CreateExperimentAsync(http, $"rss-{label}-{Guid.NewGuid():N}", ct).ConfigureAwait(false);
            var runId = await TrackingSetup.CreateRunAsync(http, experimentId, "rss", ct).ConfigureAwait(false);
            await http.PostAsync("runs/log-batch", MetricWorkload.Body(runId, MetricWorkload.Batch(0, 1000, 10, new Random(3))), ct).ConfigureAwait(false);
            await http.PostAsync("runs/search", TrackingJson.SerializeToUtf8Bytes(new SearchRunsRequest([experimentId], "metrics.m0 < 1", null, 100, ["metrics.m0 ASC"])), ct).ConfigureAwait(false);
            await http.GetAsync($"runs/get?run_id={runId}", ct).ConfigureAwait(false);
            await http.GetAsync($"metrics/get-history?run_id={runId}&metric_key=m0", ct).ConfigureAwait(false);
        }

        await Task.Delay(TimeSpan.FromSeconds(wait), ct).ConfigureAwait(false);
        var (rss, hwm) = CpuSampler.Memory(pid);
        sink.Add($"rss.{label}.idle_mib", rss / 1024.0, "MiB", string.Create(CultureInfo.InvariantCulture,
            $"pid={pid};wait_s={wait};vmhwm_mib={hwm / 1024.0:F1};requests=experiments/create,runs/create,runs/log-batch(1000),runs/search,runs/get,metrics/get-history"));
        sink.Add($"rss.{label}.peak_mib", hwm / 1024.0, "MiB", string.Create(CultureInfo.InvariantCulture, $"pid={pid};VmHWM over the server's life"));
    }
}
