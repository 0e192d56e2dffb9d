using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Sdk;
using Argus.Server.Hosting;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Tracking.Sdk;

public sealed class TrackerTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private Tracker _tracker = null!;

    public async Task InitializeAsync() =>
        _tracker = await Tracker.CreateAsync(_directory.SqliteUri(), new TrackerOptions { FlushInterval = TimeSpan.FromMinutes(5) });

    public async Task DisposeAsync()
    {
        await _tracker.DisposeAsync();
        _directory.Dispose();
    }

    private Task<Run> Read(string runId) => _tracker.Store.GetRunAsync(runId, CancellationToken.None);

    [Fact]
    public async Task Registry_SameStore_RegistersARunsModelAndMovesAnAlias()
    {
        string artifactUri, runId;
        await using (var run = await _tracker.StartRunAsync("tips", "baseline"))
        {
            (artifactUri, runId) = (run.ArtifactUri, run.RunId);
        }

        await _tracker.Registry.CreateRegisteredModelAsync("tips", "waiter tips", [], CancellationToken.None);
        var version = await _tracker.Registry.CreateModelVersionAsync(
            new Argus.Core.Registry.ModelVersionCreation("tips", artifactUri + "/model") { RunId = runId }, CancellationToken.None);
        await _tracker.Registry.SetAliasAsync("tips", "challenger", version.Version, "nightly", CancellationToken.None);

        var byAlias = await _tracker.Registry.GetModelVersionByAliasAsync("tips", "challenger", CancellationToken.None);
        Assert.Equal(("1", runId), (byAlias.Version, byAlias.RunId));
        var history = await _tracker.Registry.GetHistoryAsync("tips", 10, null, CancellationToken.None);
        Assert.Equal("nightly", Assert.Single(history.Items).Reason);
    }

    [Fact]
    public async Task StartRunAsync_ScopeEndsNormally_FinishedWithEverythingFlushed()
    {
        string runId;
        await using (var run = await _tracker.StartRunAsync("tips", "baseline", new Dictionary<string, string> { ["model"] = "xgb" }))
        {
            runId = run.RunId;
            run.LogParam("max_depth", "6");
            for (var step = 0; step < 2500; step++)
            {
                run.LogMetric("rmse", 1.0 / (step + 1), step, timestamp: 1000 + step);
            }

            run.SetTag("phase", "train");
        }

        var read = await Read(runId);
        Assert.Equal(RunStatus.Finished, read.Info.Status);
        Assert.NotNull(read.Info.EndTime);
        Assert.Equal("baseline", read.Info.RunName);
        Assert.Contains(new Param("max_depth", "6"), read.Data.Params);
        Assert.Contains(new Tag("model", "xgb"), read.Data.Tags);
        Assert.Contains(new Tag("phase", "train"), read.Data.Tags);
        Assert.Equal(2499, read.Data.Metrics.Single().Step);
        var history = await _tracker.Store.GetMetricHistoryAsync(runId, "rmse", null, null, CancellationToken.None);
        Assert.Equal(2500, history.Items.Count);
        Assert.Equal("tips", (await _tracker.Store.GetExperimentAsync(read.Info.ExperimentId, CancellationToken.None)).Name);
    }

    [Fact]
    public async Task StartRunAsync_ExceptionEndsScope_RunMarkedFailed()
    {
        string? runId = null;
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var run = await _tracker.StartRunAsync("tips");
            runId = run.RunId;
            run.LogMetric("rmse", 1.0);
            throw new InvalidOperationException("training diverged");
        });

        var read = await Read(runId!);
        Assert.Equal(RunStatus.Failed, read.Info.Status);
        Assert.Single(read.Data.Metrics);
    }

    [Fact]
    public async Task StartRunAsync_ExceptionFromAwaitedCallee_RunMarkedFailed()
    {
        string? runId = null;
        await Assert.ThrowsAsync<FormatException>(async () =>
        {
            await using var run = await _tracker.StartRunAsync("tips");
            runId = run.RunId;
            await ParseLaterAsync("not a number");
        });

        Assert.Equal(RunStatus.Failed, (await Read(runId!)).Info.Status);
    }

    [Fact]
    public async Task StartRunAsync_ExceptionCaughtInsideCallee_RunFinished()
    {
        string runId;
        await using (var run = await _tracker.StartRunAsync("tips"))
        {
            runId = run.RunId;
            Assert.Equal(-1, await TryParseAsync("not a number"));
        }

        Assert.Equal(RunStatus.Finished, (await Read(runId)).Info.Status);
    }

    [Fact]
    public async Task StartRunAsync_ExceptionCaughtThenLogging_RunFinished()
    {
        string runId;
        await using (var run = await _tracker.StartRunAsync("tips"))
        {
            runId = run.RunId;
            try
            {
                await ParseLaterAsync("x");
            }
            catch (FormatException)
            {
                run.SetTag("fallback", "used");
            }
        }

        Assert.Equal(RunStatus.Finished, (await Read(runId)).Info.Status);
    }

    [Fact]
    public async Task RunAsync_BodyThrows_FailedAndRethrown()
    {
        string? runId = null;
        await Assert.ThrowsAsync<InvalidOperationException>(() => _tracker.RunAsync("tips", "boom", run =>
        {
            runId = run.RunId;
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal(RunStatus.Failed, (await Read(runId!)).Info.Status);
    }

    [Fact]
    public async Task RunAsync_Cancelled_Killed()
    {
        using var cts = new CancellationTokenSource();
        string? runId = null;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _tracker.RunAsync("tips", "stop", async run =>
        {
            runId = run.RunId;
            await cts.CancelAsync();
            cts.Token.ThrowIfCancellationRequested();
        }, cts.Token));
        Assert.Equal(RunStatus.Killed, (await Read(runId!)).Info.Status);
    }

    [Fact]
    public async Task StartRunAsync_WithParent_NestedRunTagged()
    {
        await using var parent = await _tracker.StartRunAsync("tips", "sweep");
        string childId;
        await using (var child = await _tracker.StartRunAsync("tips", "trial-1", parent: parent))
        {
            childId = child.RunId;
            Assert.Same(child, Tracker.ActiveRun);
        }

        Assert.Contains(new Tag(MlflowTags.ParentRunId, parent.RunId), (await Read(childId)).Data.Tags);
    }

    [Fact]
    public async Task FlushAsync_ConflictingParam_ThrowsAndMetricsStillStored()
    {
        await using var run = await _tracker.StartRunAsync("tips");
        run.LogParam("eta", "0.3");
        await run.FlushAsync();
        run.LogParam("eta", "0.1");
        run.LogMetric("rmse", 2.0);
        var e = await Assert.ThrowsAsync<ArgusException>(() => run.FlushAsync());
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        run.LogMetric("rmse", 1.0, step: 1);
        await run.FlushAsync();
        Assert.Equal(1, (await Read(run.RunId)).Data.Metrics.Single().Step);
    }

    [Fact]
    public async Task LogArtifactAsync_LocalStore_FileReadableThroughRepository()
    {
        await using var run = await _tracker.StartRunAsync("tips");
        var file = _directory.Combine("report.txt");
        await File.WriteAllTextAsync(file, "hello");
        await run.LogArtifactAsync(file, "reports/report.txt");
        await run.LogTextAsync("{\"a\":1}", "meta.json");
        var listing = await run.Artifacts().ListAsync("", CancellationToken.None);
        Assert.Equal(["meta.json", "reports"], listing.Select(f => f.Path));
        await using var stream = await run.Artifacts().OpenReadAsync("reports/report.txt", CancellationToken.None);
        Assert.Equal("hello", await new StreamReader(stream).ReadToEndAsync());
    }

    [Fact]
    public async Task Tracker_AgainstServer_SameBehaviourIncludingProxiedArtifacts()
    {
        using var serverDirectory = new TempDirectory();
        await using var server = await ArgusServer.StartAsync(new ArgusServerOptions { Port = 0, BackendStoreUri = serverDirectory.SqliteUri() });
        await using var remote = await Tracker.CreateAsync(server.Url.AbsoluteUri);
        string runId;
        await using (var run = await remote.StartRunAsync("remote", "r1"))
        {
            runId = run.RunId;
            run.LogMetric("rmse", 0.5);
            await run.LogTextAsync("model bytes", "model/model.json");
            Assert.StartsWith("mlflow-artifacts:", run.ArtifactUri, StringComparison.Ordinal);
        }

        var read = await remote.Store.GetRunAsync(runId, CancellationToken.None);
        Assert.Equal(RunStatus.Finished, read.Info.Status);
        Assert.True(File.Exists(Path.Combine(serverDirectory.Path, "artifacts", read.Info.ExperimentId, runId, "artifacts", "model", "model.json")));
    }

    private static async Task<int> ParseLaterAsync(string text)
    {
        await Task.Yield();
        return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<int> TryParseAsync(string text)
    {
        try
        {
            return await ParseLaterAsync(text);
        }
        catch (FormatException)
        {
            return -1;
        }
    }
}
