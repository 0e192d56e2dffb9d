using System.Diagnostics;
using System.Globalization;
using Argus.Core.Tracking.Rest;

namespace Argus.Bench;

/// <summary>
/// <c>search</c>: one client POSTs the same runs/search body again and again (warm-up, then timed),
/// after checking that the first reply is right (page size, filter, order).
/// </summary>
internal static class SearchCommand
{
    public static async Task RunAsync(BenchArgs args)
    {
        var uri = new Uri(args.Required("uri"));
        var experimentId = args.Required("experiment-id");
        var filter = args.Optional("filter");
        var orderBy = args.Optional("order-by");
        var maxResults = args.Int("max-results", 100);
        var expected = args.Int("expect", -1);
        var warmup = args.Int("warmup", 50);
        var requests = args.Int("requests", 200);
        var maxSeconds = args.Double("max-seconds", 120);
        var label = args.Required("label");
        var pids = TrackingSetup.Pids(args);
        var quietWait = args.Double("quiet-wait", 10);
        var sink = ResultSink.From(args);
        args.RejectUnknown();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(maxSeconds * 2 + 60));
        var ct = timeout.Token;
        var body = TrackingJson.SerializeToUtf8Bytes(new SearchRunsRequest(
            [experimentId], filter, null, maxResults, orderBy is null ? null : [orderBy]));
        using var http = new BenchHttp(uri);

        var first = TrackingJson.Deserialize<SearchRunsResponse>(await http.PostAsync("runs/search", body, ct).ConfigureAwait(false))!;
        Check(first, maxResults, expected, filter, orderBy);

        var deadline = Stopwatch.GetTimestamp() + (long)(maxSeconds * Stopwatch.Frequency);
        for (var i = 1; i < warmup && Stopwatch.GetTimestamp() < deadline; i++)
        {
            await http.PostAsync("runs/search", body, ct).ConfigureAwait(false);
        }

        var quiet = await CpuSampler.WaitForQuietAsync(pids, 10, TimeSpan.FromSeconds(quietWait)).ConfigureAwait(false);
        var latencies = new List<double>(requests);
        var bytes = 0;
        var sampler = CpuSampler.Start(pids);
        for (var i = 0; i < requests && Stopwatch.GetTimestamp() < deadline; i++)
        {
            (var ms, bytes) = await BenchHttp.TimeAsync(() => http.PostAsync("runs/search", body, ct)).ConfigureAwait(false);
            latencies.Add(ms);
        }

        var usage = sampler.Stop();
        sink.AddLatencies($"search.{label}", new Percentiles(latencies), string.Create(CultureInfo.InvariantCulture,
            $"experiment_id={experimentId};filter={filter};order_by={orderBy};max_results={maxResults};runs_returned={first.Runs?.Count ?? 0};reply_bytes={bytes};warmup={warmup};quiet_bg_pct={quiet.BackgroundPct:F1};{usage.Describe()}"));
    }

    private static void Check(SearchRunsResponse reply, int maxResults, int expected, string? filter, string? orderBy)
    {
        var runs = reply.Runs ?? [];
        var want = expected < 0 ? runs.Count : Math.Min(maxResults, expected);
        if (runs.Count != want)
        {
            throw new InvalidOperationException($"runs/search returned {runs.Count} runs, expected {want}.");
        }

        if (expected > maxResults && reply.NextPageToken is null)
        {
            throw new InvalidOperationException("runs/search returned no next_page_token although more runs match.");
        }

        var rmse = runs.Select(r => r.Data.Metrics.First(m => m.Key == "rmse").Value).ToList();
        if (filter == "metrics.rmse < 1" && rmse.Any(v => v >= 1))
        {
            throw new InvalidOperationException("runs/search returned a run with rmse >= 1.");
        }

        if (orderBy == "metrics.rmse ASC" && !rmse.SequenceEqual(rmse.Order()))
        {
            throw new InvalidOperationException("runs/search did not order by rmse ascending.");
        }
    }
}
