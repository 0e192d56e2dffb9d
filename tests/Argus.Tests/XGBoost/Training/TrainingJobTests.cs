using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Sdk;
using Argus.Tests.Infrastructure;
using Argus.XGBoost;
using Argus.XGBoost.Training;
using Argus.Tests.Core.Data;

namespace Argus.Tests.XGBoost.Training;

public sealed class TrainingJobTests : IAsyncLifetime
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

    private Task<TrainingOutcome> Train(string target, params (string, string)[] parameters) =>
        TrainingJob.RunAsync(_tracker, new TrainingRequest
        {
            DataPath = Tips,
            Target = target,
            Experiment = "tips",
            Parameters = parameters.ToDictionary(p => p.Item1, p => p.Item2),
            Rounds = 60,
        });

    [Fact]
    public async Task RunAsync_TipsRegression_TracksParamsHistoryDatasetAndModel()
    {
        var outcome = await Train("tip", ("max_depth", "3"), ("learning_rate", "0.1"));
        var run = await _tracker.Store.GetRunAsync(outcome.RunId, CancellationToken.None);

        Assert.Equal(RunStatus.Finished, run.Info.Status);
        Assert.Contains(new Param("max_depth", "3"), run.Data.Params);
        Assert.Contains(new Param("target", "tip"), run.Data.Params);
        Assert.True(outcome.TestMetrics["test_rmse"] > 0);
        Assert.Contains(run.Data.Metrics, m => m.Key == "test_rmse" && m.Value == outcome.TestMetrics["test_rmse"]);
        var history = await _tracker.Store.GetMetricHistoryAsync(outcome.RunId, "validation-rmse", null, null, CancellationToken.None);
        Assert.True(history.Items.Count > outcome.BestIteration);
        Assert.Equal(Enumerable.Range(0, history.Items.Count).Select(i => (long)i), history.Items.Select(m => m.Step));

        var input = Assert.Single(run.Inputs.DatasetInputs);
        Assert.Equal("tips.csv", input.Dataset.Name);
        Assert.Equal(outcome.DatasetDigest, input.Dataset.Digest);
        Assert.Contains(new Tag(DatasetInput.ContextTag, "training"), input.Tags);
        Assert.Contains("total_bill", input.Dataset.Schema, StringComparison.Ordinal);
        Assert.Equal(Argus.Core.Data.DatasetVersions.SourceType, input.Dataset.SourceType);

        var artifacts = Argus.Core.Artifacts.ArtifactRepositories.For(run.Info.ArtifactUri, _tracker.Store);
        Assert.Equal(["model/argus-model.json", "model/encoder.json", "model/model.json"], (await artifacts.ListAsync("model", CancellationToken.None)).Select(f => f.Path));
        await using var model = await artifacts.OpenReadAsync("model/model.json", CancellationToken.None);
        using var buffer = new MemoryStream();
        await model.CopyToAsync(buffer);
        using var booster = Booster.Load(buffer.ToArray());
        // The model carries the encoder's features and nothing else (no target).
        Assert.Equal(
            new[] { "day", "sex", "size", "smoker", "time", "total_bill" },
            booster.FeatureNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_SameRequestTwice_SameMetrics()
    {
        var first = await Train("tip", ("seed", "0"));
        var second = await Train("tip", ("seed", "0"));
        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal(first.TestMetrics, second.TestMetrics);
        Assert.Equal(first.DatasetDigest, second.DatasetDigest);
    }

    [Theory]
    [InlineData("smoker", 1)]
    [InlineData("day", 4)]
    public async Task RunAsync_CategoricalTarget_ClassificationMetrics(string target, int width)
    {
        var outcome = await Train(target);
        Assert.InRange(outcome.TestMetrics["test_accuracy"], 0, 1);
        Assert.True(outcome.TestMetrics["test_log_loss"] > 0);
        var run = await _tracker.Store.GetRunAsync(outcome.RunId, CancellationToken.None);
        Assert.Contains(new Param("objective", width == 1 ? "binary:logistic" : "multi:softprob"), run.Data.Params);
    }

    [Fact]
    public async Task RunAsync_NoTarget_ClearErrorAndNoRun()
    {
        var e = await Assert.ThrowsAsync<ArgusException>(() => TrainingJob.RunAsync(_tracker, new TrainingRequest { DataPath = Tips }));
        Assert.Contains("--target", e.Message, StringComparison.Ordinal);
        var experiments = await _tracker.Store.SearchExperimentsAsync(new ExperimentSearch(), CancellationToken.None);
        Assert.Empty((await _tracker.Store.SearchRunsAsync(new RunSearch { ExperimentIds = experiments.Items.Select(x => x.ExperimentId).ToList() }, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task RunAsync_BadParameters_EveryProblemReported()
    {
        var e = await Assert.ThrowsAsync<ArgusException>(() => Train("tip", ("max_depth", "deep"), ("bogus", "1"), ("subsample", "2")));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("max_depth=deep", e.Message, StringComparison.Ordinal);
        Assert.Contains("bogus=1: unknown parameter", e.Message, StringComparison.Ordinal);
        Assert.Contains("subsample", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingFile_ErrorNamesIt()
    {
        var e = await Assert.ThrowsAsync<ArgusException>(() => TrainingJob.RunAsync(_tracker, new TrainingRequest { DataPath = _directory.Combine("nope.csv"), Target = "tip" }));
        Assert.Contains("nope.csv", e.Message, StringComparison.Ordinal);
    }
}
