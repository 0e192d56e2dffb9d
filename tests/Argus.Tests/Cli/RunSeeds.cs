using Argus.Core.Tracking;

namespace Argus.Tests.Cli;

/// <summary>Runs with known metrics and params for the list and show tests.</summary>
internal static class RunSeeds
{
    /// <summary>Start of run-1; run-N starts N-1 seconds later and lasts N minutes.</summary>
    public const long BaseTime = 1_700_000_000_000;

    /// <summary>
    /// Creates experiment <paramref name="experimentName"/> with three finished runs: run-N has
    /// metrics rmse = N/10 and acc = 0.9 + N/100, params lr = 0.0N and model = xgb, tag team = risk.
    /// </summary>
    /// <returns>The experiment id and the run ids in order run-1, run-2, run-3.</returns>
    public static async Task<(string ExperimentId, IReadOnlyList<string> RunIds)> SeedAsync(ITrackingStore store, string experimentName)
    {
        var ct = CancellationToken.None;
        var experimentId = await store.CreateExperimentAsync(experimentName, null, [new Tag("team", "risk")], ct);
        var runIds = new List<string>();
        for (var n = 1; n <= 3; n++)
        {
            var start = BaseTime + ((n - 1) * 1000L);
            var run = await store.CreateRunAsync(new RunCreation { ExperimentId = experimentId, RunName = $"run-{n}", StartTime = start }, ct);
            await store.LogBatchAsync(
                run.Info.RunId,
                [new Metric("rmse", n / 10.0, BaseTime, 0), new Metric("acc", 0.9 + (n / 100.0), BaseTime, 1)],
                [new Param("lr", $"0.0{n}"), new Param("model", "xgb")],
                [new Tag("team", "risk")],
                ct);
            await store.UpdateRunAsync(run.Info.RunId, new RunUpdate(RunStatus.Finished, start + (n * 60_000L)), ct);
            runIds.Add(run.Info.RunId);
        }

        return (experimentId, runIds);
    }
}
