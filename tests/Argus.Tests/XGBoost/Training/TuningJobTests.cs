using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Sdk;
using Argus.Tests.Infrastructure;
using Argus.XGBoost.Training;
using Argus.Tests.Core.Data;

namespace Argus.Tests.XGBoost.Training;

public sealed class TuningJobTests : IAsyncLifetime
{
    private static readonly string Tips = DataFixtures.TipsPath;

    private readonly TempDirectory _directory = new();
    private Tracker _tracker = null!;

    public async Task InitializeAsync() => _tracker = await Tracker.CreateAsync(_directory.SqliteUri());

    public async Task DisposeAsync()
    {
        await _tracker.DisposeAsync();
        _directory.Dispose();
    }

    private async Task<List<Run>> ChildrenOf(string parentRunId, string experimentId) =>
        (await _tracker.Store.SearchRunsAsync(new RunSearch
        {
            ExperimentIds = [experimentId],
            Filter = $"tags.mlflow.parentRunId = '{parentRunId}'",
            ViewType = ViewType.All,
        }, CancellationToken.None)).Items.ToList();

    [Fact]
    public async Task RunAsync_TipsDefaultSpace_ParentTrialsAndRetrainedBestAreTracked()
    {
        var outcome = await TuningJob.RunAsync(_tracker, new TuningRequest { DataPath = Tips, Target = "tip", MaxEvals = 12, Rounds = 40, Experiment = "tips" });

        Assert.Equal(12, outcome.Search.TrialsCompleted);
        var parent = await _tracker.Store.GetRunAsync(outcome.Search.ParentRunId, CancellationToken.None);
        Assert.Equal(RunStatus.Finished, parent.Info.Status);
        var children = await ChildrenOf(parent.Info.RunId, parent.Info.ExperimentId);
        Assert.Equal(13, children.Count); // 12 trials and the retrained best

        var trials = children.Where(c => c.Data.Tags.Any(t => t.Key == "argus.tuning.trial")).ToList();
        Assert.Equal(12, trials.Count);
        Assert.All(trials, t =>
        {
            Assert.Contains(t.Data.Params, p => p.Key == "max_depth");
            Assert.Contains(t.Data.Metrics, m => m.Key == "loss");
            Assert.Contains(t.Data.Metrics, m => m.Key == "validation-rmse");
        });
        var bestLoss = trials.Min(t => t.Data.Metrics.Single(m => m.Key == "loss").Value);
        Assert.Equal(bestLoss, outcome.Search.BestTrial!.Loss);
        Assert.Equal(bestLoss, parent.Data.Metrics.Single(m => m.Key == "best_loss").Value);

        var retrained = children.Single(c => c.Info.RunId == outcome.Best.RunId);
        var bestDepth = outcome.Search.BestTrial.Configuration.Values["max_depth"];
        Assert.Contains(new Param("max_depth", Convert.ToInt64(bestDepth, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture)), retrained.Data.Params);
        Assert.Contains(retrained.Data.Metrics, m => m.Key == "test_rmse");

        // The search and its retrained model name one dataset version, stored once in the experiment.
        var searchInput = Assert.Single(parent.Inputs.DatasetInputs);
        var retrainedInput = Assert.Single(retrained.Inputs.DatasetInputs);
        Assert.Equal(outcome.Best.DatasetDigest, searchInput.Dataset.Digest);
        Assert.Equal(searchInput.Dataset.Source, retrainedInput.Dataset.Source);
        var experiment = await _tracker.Store.GetExperimentAsync(parent.Info.ExperimentId, CancellationToken.None);
        var versions = await Argus.Core.Artifacts.ArtifactRepositories.For(experiment.ArtifactLocation, _tracker.Store)
            .ListAsync(Argus.Core.Data.DatasetVersions.Folder, CancellationToken.None);
        Assert.Single(versions);
    }

    [Fact]
    public async Task RunAsync_Resume_ContinuesTheSameParentWithoutRepeatingTrials()
    {
        var first = await TuningJob.RunAsync(_tracker, new TuningRequest { DataPath = Tips, Target = "tip", MaxEvals = 4, Rounds = 20, Algorithm = "random", Experiment = "tips" });
        var resumed = await TuningJob.RunAsync(_tracker, new TuningRequest
        {
            DataPath = Tips,
            Target = "tip",
            MaxEvals = 7,
            Rounds = 20,
            Algorithm = "random",
            ResumeParentRunId = first.Search.ParentRunId,
        });

        Assert.Equal(first.Search.ParentRunId, resumed.Search.ParentRunId);
        var parent = await _tracker.Store.GetRunAsync(first.Search.ParentRunId, CancellationToken.None);
        var trials = (await ChildrenOf(parent.Info.RunId, parent.Info.ExperimentId))
            .Select(c => c.Data.Tags.SingleOrDefault(t => t.Key == "argus.tuning.trial")?.Value)
            .Where(n => n is not null)
            .ToList();
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7"], trials.Order(StringComparer.Ordinal));
        var retrained = await _tracker.Store.GetRunAsync(resumed.Best.RunId, CancellationToken.None);
        Assert.Equal(parent.Info.ExperimentId, retrained.Info.ExperimentId);
    }

    [Fact]
    public async Task RunAsync_YamlSpaceFile_UsesItsParameters()
    {
        var space = _directory.Combine("space.yaml");
        await File.WriteAllTextAsync(space, "max_depth: {quniform: [2, 4, 1]}\nlearning_rate: {loguniform: [-2, -1]}\nsubsample: 0.9\n");
        var outcome = await TuningJob.RunAsync(_tracker, new TuningRequest { DataPath = Tips, Target = "tip", SpacePath = space, MaxEvals = 5, Rounds = 20, Algorithm = "random" });
        Assert.All(outcome.Search.Trials, t =>
        {
            Assert.InRange(Convert.ToDouble(t.Configuration.Values["max_depth"], System.Globalization.CultureInfo.InvariantCulture), 2, 4);
            Assert.InRange(Convert.ToDouble(t.Configuration.Values["learning_rate"], System.Globalization.CultureInfo.InvariantCulture), Math.Exp(-2), Math.Exp(-1));
        });
    }

    [Fact]
    public async Task RunAsync_EmptyRangeInSpace_ErrorBeforeAnyRun()
    {
        var space = _directory.Combine("bad.json");
        await File.WriteAllTextAsync(space, """{"max_depth": {"quniform": [6, 6, 1]}, "eta": {"uniform": [1, 0]}}""");
        var e = await Assert.ThrowsAsync<ArgusException>(() => TuningJob.RunAsync(_tracker, new TuningRequest { DataPath = Tips, Target = "tip", SpacePath = space }));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("max_depth", e.Message, StringComparison.Ordinal);
        Assert.Contains("eta", e.Message, StringComparison.Ordinal);
        Assert.Empty((await _tracker.Store.SearchRunsAsync(new RunSearch { ExperimentIds = ["0"] }, CancellationToken.None)).Items);
    }
}
