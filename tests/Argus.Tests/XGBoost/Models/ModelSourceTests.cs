using Argus.Core.Registry;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Sdk;
using Argus.Tests.Core.Data;
using Argus.Tests.Infrastructure;
using Argus.XGBoost.Models;
using Argus.XGBoost.Training;

namespace Argus.Tests.XGBoost.Models;

/// <summary>Model URIs resolve to the package a training run logged, however the version's source was written.</summary>
public sealed class ModelSourceTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly TempDirectory _directory = new("argus-model-source");
    private ITrackingStore _store = null!;
    private string _runId = null!;
    private string _artifactUri = null!;

    public async Task InitializeAsync()
    {
        _store = await TrackingStores.OpenAsync(_directory.SqliteUri(), new TrackingStoreOptions { DefaultArtifactRoot = new Uri(_directory.Combine("artifacts")).AbsoluteUri });
        await using var tracker = Tracker.For(_store);
        var outcome = await TrainingJob.RunAsync(tracker, new TrainingRequest { DataPath = DataFixtures.TipsPath, Target = "tip", Rounds = 5 });
        _runId = outcome.RunId;
        _artifactUri = (await _store.GetRunAsync(_runId, Ct)).Info.ArtifactUri.TrimEnd('/') + "/model";
        await ModelRegistries.For(_store).CreateRegisteredModelAsync("tips", null, [], Ct);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Theory]
    [InlineData("runs")] // as MLflow clients register: mlflow.register_model("runs:/<id>/model", "tips")
    [InlineData("artifact")] // as argus models register does
    public async Task ModelsUri_VersionSourceRunsOrArtifactUri_ResolvesToTheRunsModelFolderAndLoads(string sourceKind)
    {
        var registry = ModelRegistries.For(_store);
        var source = sourceKind == "runs" ? $"runs:/{_runId}/model" : _artifactUri;
        var version = await registry.CreateModelVersionAsync(new ModelVersionCreation("tips", source) { RunId = _runId }, Ct);
        await registry.SetAliasAsync("tips", "champion", version.Version, null, Ct);

        foreach (var uri in new[] { $"models:/tips/{version.Version}", "models:/tips@champion" })
        {
            var resolved = await ModelSource.ResolveAsync(uri, _store, Ct);
            Assert.Equal(_artifactUri, resolved.ArtifactUri);
            Assert.Equal(("tips", version.Version), (resolved.Name, resolved.Version));
            using var package = await resolved.LoadAsync(_store, Ct);
            Assert.Equal(_runId, package.Manifest.RunId);
        }
    }
}
