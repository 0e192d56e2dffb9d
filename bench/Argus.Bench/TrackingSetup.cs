using Argus.Core.Tracking.Rest;

namespace Argus.Bench;

/// <summary>Creates the experiments and runs a benchmark writes to, over the REST API.</summary>
internal static class TrackingSetup
{
    public static async Task<string> CreateExperimentAsync(BenchHttp http, string name, CancellationToken cancellationToken)
    {
        var reply = await http.PostAsync("experiments/create", TrackingJson.SerializeToUtf8Bytes(new CreateExperimentRequest(name)), cancellationToken).ConfigureAwait(false);
        return TrackingJson.Deserialize<CreateExperimentResponse>(reply)!.ExperimentId;
    }

    public static byte[] CreateRunBody(string experimentId, string runName) =>
        TrackingJson.SerializeToUtf8Bytes(new CreateRunRequest(experimentId, "bench", runName, MetricWorkload.BaseTimestamp));

    public static async Task<string> CreateRunAsync(BenchHttp http, string experimentId, string runName, CancellationToken cancellationToken)
    {
        var reply = await http.PostAsync("runs/create", CreateRunBody(experimentId, runName), cancellationToken).ConfigureAwait(false);
        return TrackingJson.Deserialize<RunResponse>(reply)!.Run.Info.RunId;
    }

    /// <summary>Number of points of one metric's history, read back over HTTP to check nothing was dropped.</summary>
    public static async Task<int> HistoryCountAsync(BenchHttp http, string runId, string key, CancellationToken cancellationToken)
    {
        var reply = await http.GetAsync($"metrics/get-history?run_id={runId}&metric_key={Uri.EscapeDataString(key)}", cancellationToken).ConfigureAwait(false);
        return TrackingJson.Deserialize<MetricHistoryResponse>(reply)!.Metrics?.Count ?? 0;
    }

    public static IReadOnlyList<int> Pids(BenchArgs args) =>
        args.Text("server-pids", "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList();
}
