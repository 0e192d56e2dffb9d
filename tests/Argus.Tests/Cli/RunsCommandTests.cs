using System.Text.Json;
using Argus.Core.Tracking;

namespace Argus.Tests.Cli;

public sealed class RunsCommandTests : IDisposable
{
    private readonly CliSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task List_Table_ShowsRunsWithMetricAndParamColumns()
    {
        var (_, runIds) = await SeedAsync();

        var result = await _sandbox.RunWithStoreAsync("runs", "list", "--experiment", "fraud");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n');
        var header = lines.Single(l => l.Contains("Run ID", StringComparison.Ordinal));
        Assert.Matches(@"Run ID.*Name.*Status.*Start \(UTC\).*Duration.*metrics\.acc.*metrics\.rmse.*params\.lr.*params\.model", header);
        var row = lines.Single(l => l.Contains(runIds[1], StringComparison.Ordinal));
        Assert.Matches(@"run-2\s+│\s+FINISHED\s+│\s+2023-11-14T22:13:21Z\s+│\s+2m 00s\s+│\s+0\.92\s+│\s+0\.2\s+│\s+0\.02\s+│\s+xgb", row);
        Assert.Contains("3 runs", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_TableWithFilterAndOrderBy_ShowsMatchingRunsInOrder()
    {
        var (_, runIds) = await SeedAsync();

        var result = await _sandbox.RunWithStoreAsync(
            "runs", "list", "--experiment", "fraud", "--filter", "metrics.rmse < 0.25", "--order-by", "metrics.rmse DESC");

        Assert.Equal(0, result.ExitCode);
        var run2 = result.Stdout.IndexOf(runIds[1], StringComparison.Ordinal);
        var run1 = result.Stdout.IndexOf(runIds[0], StringComparison.Ordinal);
        Assert.True(run2 >= 0 && run1 > run2, result.ToString());
        Assert.DoesNotContain(runIds[2], result.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 runs", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_JsonWithFilterAndOrderBy_IsSearchRunsResponse()
    {
        var (experimentId, runIds) = await SeedAsync();

        var result = await _sandbox.RunWithStoreAsync(
            "runs", "list", "--experiment", experimentId, "--filter", "params.lr != '0.02'", "--order-by", "metrics.acc DESC", "--output", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var runs = json.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal([runIds[2], runIds[0]], runs.Select(r => r.GetProperty("info").GetProperty("run_id").GetString()));
        var first = runs[0];
        Assert.Equal("run-3", first.GetProperty("info").GetProperty("run_name").GetString());
        Assert.Equal("FINISHED", first.GetProperty("info").GetProperty("status").GetString());
        var rmse = first.GetProperty("data").GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("key").GetString() == "rmse");
        Assert.Equal(0.3, rmse.GetProperty("value").GetDouble(), 10);
        Assert.Contains(first.GetProperty("data").GetProperty("params").EnumerateArray(),
            p => p.GetProperty("key").GetString() == "lr" && p.GetProperty("value").GetString() == "0.03");
        Assert.False(json.RootElement.TryGetProperty("next_page_token", out _));
    }

    [Fact]
    public async Task List_MaxResults_ReportsNextPageToken()
    {
        await SeedAsync();

        var json = await _sandbox.RunWithStoreAsync("runs", "list", "-e", "fraud", "--max-results", "1", "--output", "json");
        var table = await _sandbox.RunWithStoreAsync("runs", "list", "-e", "fraud", "--max-results", "1");

        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Single(document.RootElement.GetProperty("runs").EnumerateArray());
        var token = document.RootElement.GetProperty("next_page_token").GetString();
        Assert.False(string.IsNullOrEmpty(token));
        Assert.Contains($"More runs match: rerun with --page-token {token}", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ManyMetrics_CapsColumnsAndSaysSo()
    {
        await using (var store = await _sandbox.OpenStoreAsync())
        {
            var run = await store.CreateRunAsync(new RunCreation { RunName = "wide" }, CancellationToken.None);
            var metrics = Enumerable.Range(0, 15).Select(i => new Metric($"m{i:00}", i, RunSeeds.BaseTime, 0)).ToList();
            await store.LogBatchAsync(run.Info.RunId, metrics, [new Param("lr", "0.1")], [], CancellationToken.None);
        }

        var result = await _sandbox.RunWithStoreAsync("runs", "list", "--experiment", "0");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("metrics.m11", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("metrics.m12", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("params.lr", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("4 more metric/param column(s) not shown (at most 12)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_UnknownExperiment_ExitsOneWithClearMessage()
    {
        var result = await _sandbox.RunWithStoreAsync("runs", "list", "--experiment", "missing");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: No experiment with id or name 'missing' in {_sandbox.TrackingUri}.", result.Stderr.Trim());
    }

    [Fact]
    public async Task List_InvalidFilter_ExitsOneWithStoreMessage()
    {
        await SeedAsync();

        var result = await _sandbox.RunWithStoreAsync("runs", "list", "--experiment", "fraud", "--filter", "metrics.rmse <<< 1");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Table_PrintsInfoParamsMetricsTagsAndDatasets()
    {
        var (_, runIds) = await SeedAsync();
        await using (var store = await _sandbox.OpenStoreAsync())
        {
            await store.LogInputsAsync(runIds[0],
                [new DatasetInput([new Tag(DatasetInput.ContextTag, "training")], new Dataset("iris", "abc123", "local", "/data/iris.csv"))],
                CancellationToken.None);
        }

        var result = await _sandbox.RunWithStoreAsync("runs", "show", runIds[0]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(runIds[0], result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"Status\s+FINISHED", result.Stdout);
        Assert.Matches(@"Duration\s+1m 00s", result.Stdout);
        Assert.Matches(@"lr\s+│\s+0\.01", result.Stdout);
        Assert.Matches(@"rmse\s+│\s+0\.1\s+│\s+0\s+│", result.Stdout);
        Assert.Matches(@"team\s+│\s+risk", result.Stdout);
        Assert.Matches(@"iris\s+│\s+abc123\s+│\s+training\s+│\s+local\s+│\s+/data/iris\.csv", result.Stdout);
    }

    [Fact]
    public async Task Show_Json_IsGetRunResponse()
    {
        var (experimentId, runIds) = await SeedAsync();

        var result = await _sandbox.RunWithStoreAsync("runs", "show", runIds[2], "--output", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var info = json.RootElement.GetProperty("run").GetProperty("info");
        Assert.Equal(runIds[2], info.GetProperty("run_id").GetString());
        Assert.Equal(experimentId, info.GetProperty("experiment_id").GetString());
        Assert.Equal(RunSeeds.BaseTime + 2000, info.GetProperty("start_time").GetInt64());
        Assert.Equal(RunSeeds.BaseTime + 2000 + 180_000, info.GetProperty("end_time").GetInt64());
    }

    [Fact]
    public async Task Show_UnknownRun_ExitsOne()
    {
        var result = await _sandbox.RunWithStoreAsync("runs", "show", "0123456789abcdef0123456789abcdef");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("0123456789abcdef0123456789abcdef", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAndRestore_ChangeLifecycleStage()
    {
        var (_, runIds) = await SeedAsync();

        var deleted = await _sandbox.RunWithStoreAsync("runs", "delete", runIds[0]);
        var deletedView = await _sandbox.RunWithStoreAsync("runs", "list", "-e", "fraud", "--view", "deleted", "--output", "json");
        var activeView = await _sandbox.RunWithStoreAsync("runs", "list", "-e", "fraud", "--output", "json");
        var restored = await _sandbox.RunWithStoreAsync("runs", "restore", runIds[0]);

        Assert.Equal(0, deleted.ExitCode);
        Assert.Equal($"Deleted run {runIds[0]}", deleted.Stdout.Trim());
        Assert.Equal([runIds[0]], RunIdsOf(deletedView));
        Assert.DoesNotContain(runIds[0], RunIdsOf(activeView));
        Assert.Equal(0, restored.ExitCode);
        await using var store = await _sandbox.OpenStoreAsync();
        var run = await store.GetRunAsync(runIds[0], CancellationToken.None);
        Assert.Equal(LifecycleStage.Active, run.Info.LifecycleStage);
    }

    [Fact]
    public async Task Delete_UnknownRun_ExitsOneWithNotFoundMessage()
    {
        var result = await _sandbox.RunWithStoreAsync("runs", "delete", "feedfacefeedfacefeedfacefeedface");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("feedfacefeedfacefeedfacefeedface", result.Stderr, StringComparison.Ordinal);
    }

    private async Task<(string ExperimentId, IReadOnlyList<string> RunIds)> SeedAsync()
    {
        await using var store = await _sandbox.OpenStoreAsync();
        return await RunSeeds.SeedAsync(store, "fraud");
    }

    private static List<string?> RunIdsOf(CliResult result)
    {
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.TryGetProperty("runs", out var runs)
            ? [.. runs.EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_id").GetString())]
            : [];
    }
}
