using Argus.Core.Artifacts;
using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Server.Hosting;

namespace Argus.Tests.Cli;

public sealed class GcCommandTests : IDisposable
{
    private readonly CliSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Gc_DeletedRunOlderThanZero_RemovesRunAndArtifacts()
    {
        var ct = CancellationToken.None;
        string deletedRun, keptRun, artifactDirectory;
        await using (var store = await _sandbox.OpenStoreAsync())
        {
            var run = await store.CreateRunAsync(new RunCreation { RunName = "doomed" }, ct);
            deletedRun = run.Info.RunId;
            keptRun = (await store.CreateRunAsync(new RunCreation { RunName = "kept" }, ct)).Info.RunId;
            using var content = new MemoryStream([1, 2, 3]);
            await ArtifactRepositories.For(run.Info.ArtifactUri, store).WriteAsync("model/weights.bin", content, null, ct);
            artifactDirectory = new Uri(run.Info.ArtifactUri).LocalPath;
            Assert.True(File.Exists(Path.Combine(artifactDirectory, "model", "weights.bin")));
            await store.DeleteRunAsync(deletedRun, ct);
        }

        var result = await CliSandbox.RunAsync("gc", "--older-than", "0", "--backend-store-uri", _sandbox.TrackingUri);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Purged run {deletedRun}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Removed 1 run(s) and 0 experiment(s)", result.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(artifactDirectory));
        Assert.False(Directory.Exists(Path.GetDirectoryName(artifactDirectory)));
        await using var after = await _sandbox.OpenStoreAsync();
        var e = await Assert.ThrowsAsync<ArgusException>(() => after.GetRunAsync(deletedRun, ct));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, e.Code);
        Assert.Equal("kept", (await after.GetRunAsync(keptRun, ct)).Info.RunName);
    }

    [Fact]
    public async Task Gc_RecentlyDeletedRunWithOlderThan30d_KeepsIt()
    {
        var ct = CancellationToken.None;
        string runId;
        await using (var store = await _sandbox.OpenStoreAsync())
        {
            runId = (await store.CreateRunAsync(new RunCreation(), ct)).Info.RunId;
            await store.DeleteRunAsync(runId, ct);
        }

        var result = await _sandbox.RunWithStoreAsync("gc", "--older-than", "30d");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Removed 0 run(s) and 0 experiment(s)", result.Stdout, StringComparison.Ordinal);
        await using var after = await _sandbox.OpenStoreAsync();
        Assert.Equal(LifecycleStage.Deleted, (await after.GetRunAsync(runId, ct)).Info.LifecycleStage);
    }

    [Fact]
    public async Task Gc_DeletedExperiment_PurgesItWithItsRuns()
    {
        var ct = CancellationToken.None;
        string experimentId, runId;
        await using (var store = await _sandbox.OpenStoreAsync())
        {
            experimentId = await store.CreateExperimentAsync("gone", null, [], ct);
            runId = (await store.CreateRunAsync(new RunCreation { ExperimentId = experimentId }, ct)).Info.RunId;
            await store.DeleteExperimentAsync(experimentId, ct);
        }

        var result = await _sandbox.RunWithStoreAsync("gc");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Purged experiment {experimentId}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Purged run {runId}", result.Stdout, StringComparison.Ordinal);
        var show = await _sandbox.RunWithStoreAsync("experiments", "show", experimentId);
        Assert.Equal(1, show.ExitCode);
    }

    [Fact]
    public async Task Gc_RunWithProxiedArtifacts_DeletesThemFromServersDestination()
    {
        var ct = CancellationToken.None;
        var destination = Path.Combine(_sandbox.Directory, "artifacts");
        string runId, artifactFile;
        await using (var server = await ArgusServer.StartAsync(new ArgusServerOptions { Port = 0, BackendStoreUri = _sandbox.TrackingUri }, ct))
        await using (var remote = await TrackingStores.OpenAsync(server.Url.GetLeftPart(UriPartial.Authority), null, ct))
        {
            var experimentId = await remote.CreateExperimentAsync("proxied", null, [], ct);
            var run = await remote.CreateRunAsync(new RunCreation { ExperimentId = experimentId }, ct);
            runId = run.Info.RunId;
            Assert.StartsWith(ArtifactRepositories.ProxyScheme, run.Info.ArtifactUri, StringComparison.Ordinal);
            using var content = new MemoryStream([42]);
            await ArtifactRepositories.For(run.Info.ArtifactUri, remote).WriteAsync("model.bin", content, null, ct);
            artifactFile = Path.Combine(destination, ArtifactRepositories.ProxyPath(run.Info.ArtifactUri), "model.bin");
            Assert.True(File.Exists(artifactFile));
            await remote.DeleteRunAsync(runId, ct);
        }

        var result = await _sandbox.RunWithStoreAsync("gc", "--older-than", "0");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Purged run {runId}", result.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(artifactFile));
        Assert.False(Directory.Exists(Path.GetDirectoryName(artifactFile)));
    }

    [Theory]
    [InlineData("3x")]
    [InlineData("d")]
    [InlineData("-5d")]
    [InlineData("12")]
    public async Task Gc_BadOlderThan_IsUsageErrorWithMessage(string value)
    {
        var result = await _sandbox.RunWithStoreAsync("gc", "--older-than", value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"Invalid --older-than '{value}'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("30d", result.Stderr, StringComparison.Ordinal);
    }
}
