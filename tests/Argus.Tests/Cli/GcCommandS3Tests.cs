using Argus.Core.Artifacts;
using Argus.Core.Tracking;
using Argus.Server.Hosting;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Cli;

/// <summary>
/// <c>argus gc</c> with artifacts in S3 (a real moto server), run as the real executable with the endpoint and the
/// credentials only in its environment, as MLflow deployments set them.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class GcCommandS3Tests(MotoServer moto) : IDisposable
{
    private readonly CliSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Gc_RunsWithS3Artifacts_DeletesProxiedAndDirectS3ArtifactsOfDeletedRunsOnly()
    {
        var ct = CancellationToken.None;
        var bucket = await moto.CreateBucketAsync();
        var destination = $"s3://{bucket}/proxied";
        string proxiedRun, directRun, keptRun;
        await using (var server = await ArgusServer.StartAsync(new ArgusServerOptions
        {
            Port = 0,
            BackendStoreUri = _sandbox.TrackingUri,
            ArtifactsDestination = destination,
            S3 = moto.Options(),
            Scheduler = new() { Enabled = false },
        }, ct))
        await using (var remote = await TrackingStores.OpenAsync(server.Url.GetLeftPart(UriPartial.Authority), null, ct))
        {
            var proxied = await remote.CreateExperimentAsync("proxied", null, [], ct);
            var direct = await remote.CreateExperimentAsync("direct", $"s3://{bucket}/direct", [], ct);
            var doomed = await remote.CreateRunAsync(new RunCreation { ExperimentId = proxied }, ct);
            var kept = await remote.CreateRunAsync(new RunCreation { ExperimentId = proxied }, ct);
            var inS3 = await remote.CreateRunAsync(new RunCreation { ExperimentId = direct }, ct);
            (proxiedRun, keptRun, directRun) = (doomed.Info.RunId, kept.Info.RunId, inS3.Info.RunId);
            Assert.StartsWith($"s3://{bucket}/direct/", inS3.Info.ArtifactUri, StringComparison.Ordinal);
            foreach (var run in new[] { doomed, kept })
            {
                await ArtifactRepositories.For(run.Info.ArtifactUri, remote).WriteAsync("model/weights.bin", new MemoryStream([1, 2, 3]), null, ct);
            }

            await ArtifactRepositories.For(inS3.Info.ArtifactUri, remote, null, moto.Options()).WriteAsync("model/weights.bin", new MemoryStream([4]), null, ct);
            await remote.DeleteRunAsync(proxiedRun, ct);
            await remote.DeleteRunAsync(directRun, ct);
        }

        var before = await moto.KeysAsync(bucket);
        Assert.Equal(3, before.Count);
        Assert.Contains(before, k => k.StartsWith("proxied/", StringComparison.Ordinal) && k.Contains(proxiedRun, StringComparison.Ordinal));

        var (exitCode, output) = await ProcessRunner.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "argus.dll"), "gc", "--older-than", "0", "--backend-store-uri", _sandbox.TrackingUri, "--artifacts-destination", destination],
            TimeSpan.FromMinutes(2), environment: moto.ChildEnvironment);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"Purged run {proxiedRun}", output, StringComparison.Ordinal);
        Assert.Contains($"Purged run {directRun}", output, StringComparison.Ordinal);
        var left = Assert.Single(await moto.KeysAsync(bucket));
        Assert.StartsWith("proxied/", left, StringComparison.Ordinal);
        Assert.Contains(keptRun, left, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gc_S3DestinationUnreachable_ReportsTheRunAndFails()
    {
        var ct = CancellationToken.None;
        string runId;
        await using (var store = await _sandbox.OpenStoreAsync())
        {
            var experiment = await store.CreateExperimentAsync("s3", "s3://argus-unreachable/x", [], ct);
            runId = (await store.CreateRunAsync(new RunCreation { ExperimentId = experiment }, ct)).Info.RunId;
            await store.DeleteRunAsync(runId, ct);
        }

        var port = LoopbackPorts.Free();
        var environment = moto.ChildEnvironment.ToDictionary();
        environment[S3ArtifactOptions.EndpointVariable] = $"http://127.0.0.1:{port}";
        var (exitCode, output) = await ProcessRunner.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "argus.dll"), "gc", "--backend-store-uri", _sandbox.TrackingUri],
            TimeSpan.FromMinutes(2), environment: environment);

        Assert.Equal(1, exitCode);
        Assert.Contains($"error: purged run {runId} but could not delete its artifacts at s3://argus-unreachable/x/", output, StringComparison.Ordinal);
        Assert.Contains($"Could not reach the S3 endpoint http://127.0.0.1:{port}", output, StringComparison.Ordinal);
        Assert.DoesNotContain(MotoServer.SecretKey, output, StringComparison.Ordinal);
    }
}
