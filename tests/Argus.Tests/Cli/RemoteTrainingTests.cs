using Argus.Core.Data;
using Argus.Core.Tracking;
using Argus.Tests.Core.Data;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Cli;

/// <summary>
/// <c>argus train</c> and <c>argus tune</c> against a remote <c>argus server</c> (a child process on loopback):
/// runs, metrics, the model and the dataset version all land on the server, and artifacts go through its proxy.
/// </summary>
public sealed class RemoteTrainingTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly TempDirectory _directory = new("argus-remote");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TrainAndTune_AgainstAServer_EverythingIsTrackedOnTheServer()
    {
        var destination = _directory.Combine("server-artifacts");
        await using var server = await ArgusProcess.StartServerAsync(_directory.SqliteUri("server.db"), destination);
        var uri = server.Url.GetLeftPart(UriPartial.Authority);

        var trained = await CliSandbox.RunAsync("train", "--data", DataFixtures.TipsPath, "--target", "tip", "--experiment", "remote", "--rounds", "20", "--tracking-uri", uri);
        var tuned = await CliSandbox.RunAsync("tune", "--data", DataFixtures.TipsPath, "--target", "tip", "--experiment", "remote", "--max-evals", "3", "--rounds", "10", "--algo", "random", "--tracking-uri", uri);

        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.True(tuned.ExitCode == 0, tuned.ToString());
        var runId = trained.Stdout.Split(' ')[1];
        await using var remote = await TrackingStores.OpenAsync(uri, null, Ct);
        var run = await remote.GetRunAsync(runId, Ct);
        Assert.Equal(RunStatus.Finished, run.Info.Status);
        Assert.StartsWith("mlflow-artifacts:/", run.Info.ArtifactUri, StringComparison.Ordinal);
        Assert.Contains(run.Data.Metrics, m => m.Key == "test_rmse");
        var history = (await remote.GetMetricHistoryAsync(runId, "validation-rmse", null, null, Ct)).Items;
        Assert.Equal(Enumerable.Range(0, history.Count).Select(i => (long)i), history.Select(m => m.Step));
        Assert.True(history.Count > run.Data.Metrics.Single(m => m.Key == "best_iteration").Value);

        // The model reached the server's artifact destination through its proxy.
        var experimentDirectory = Path.Combine(destination, run.Info.ExperimentId);
        Assert.True(File.Exists(Path.Combine(experimentDirectory, runId, "artifacts", "model", "model.json")));

        // Both commands read the same file: one dataset version on the server.
        var input = Assert.Single(run.Inputs.DatasetInputs);
        var versions = Directory.GetDirectories(Path.Combine(experimentDirectory, DatasetVersions.Folder));
        var version = Assert.Single(versions);
        Assert.StartsWith(input.Dataset.Digest, Path.GetFileName(version), StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(DataFixtures.TipsPath, Ct), await File.ReadAllBytesAsync(Path.Combine(version, DatasetVersions.DataFile), Ct));
    }
}
