using System.Globalization;
using System.Text.Json;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Steps;
using Argus.Core.Tracking;
using Argus.Tests.Core.Data;
using Argus.Tests.Core.Pipelines.Steps;
using Argus.XGBoost.Pipelines;

namespace Argus.Tests.XGBoost.Pipelines;

/// <summary>The tune kind runs a real (small) search on tips; its best parameters train again through the train kind.</summary>
public sealed class TuneStepTests : IAsyncLifetime
{
    private StepHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await StepHarness.StartAsync("argus-tune-step");

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<IReadOnlyDictionary<string, string>> RunAsync(IStepKind kind, string step, params (string, object)[] settings) =>
        kind.RunAsync(_harness.Context(step, StepHarness.Settings(settings)), CancellationToken.None);

    [Fact]
    public async Task RunAsync_SmallSearchOnMae_OutputsParentBestRunAndParams_ThatTrainAccepts()
    {
        var tune = await RunAsync(new TuneStep(), "tune",
            ("data", DataFixtures.TipsPath), ("target", "tip"), ("experiment", "tips-tuning"), ("max_evals", "3"), ("algo", "random"), ("seed", "7"), ("metric", "mae"));

        var store = _harness.Tracker.Store;
        var parent = await store.GetRunAsync(tune["run_id"], CancellationToken.None);
        var best = await store.GetRunAsync(tune["best_run_id"], CancellationToken.None);
        Assert.Equal(tune["run_id"], best.Data.Tags.Single(t => t.Key == MlflowTags.ParentRunId).Value);
        Assert.Equal("mae", best.Data.Params.Single(p => p.Key == "eval_metric").Value); // the retrained model stopped early on the search's metric
        var trials = (await store.SearchRunsAsync(new RunSearch
        {
            ExperimentIds = [parent.Info.ExperimentId],
            Filter = $"tags.`{MlflowTags.ParentRunId}` = '{tune["run_id"]}' AND attributes.run_id != '{tune["best_run_id"]}'",
        }, CancellationToken.None)).Items;
        Assert.Equal(3, trials.Count);
        var losses = trials.Select(t => t.Data.Metrics.Single(m => m.Key == "loss").Value).ToList();
        Assert.Equal(losses.Min(), double.Parse(tune["best_metric"], CultureInfo.InvariantCulture));
        Assert.All(trials.SelectMany(t => t.Data.Metrics.Where(m => m.Key.StartsWith("validation-", StringComparison.Ordinal))), m => Assert.Equal("validation-mae", m.Key));

        using var parameters = JsonDocument.Parse(tune["best_params"]);
        Assert.Equal("mae", parameters.RootElement.GetProperty("eval_metric").GetString());
        Assert.Equal(JsonValueKind.Number, parameters.RootElement.GetProperty("max_depth").ValueKind);
        Assert.Equal(JsonValueKind.Number, parameters.RootElement.GetProperty("learning_rate").ValueKind);

        var train = await RunAsync(new TrainStep(), "train", ("data", DataFixtures.TipsPath), ("target", "tip"), ("params", tune["best_params"]), ("rounds", "30"));
        var trained = await store.GetRunAsync(train["run_id"], CancellationToken.None);
        Assert.Equal(
            best.Data.Params.Where(p => p.Key is "max_depth" or "eta" or "subsample" or "colsample_bytree" or "min_child_weight" or "lambda" or "eval_metric").OrderBy(p => p.Key),
            trained.Data.Params.Where(p => p.Key is "max_depth" or "eta" or "subsample" or "colsample_bytree" or "min_child_weight" or "lambda" or "eval_metric").OrderBy(p => p.Key));
        Assert.Contains("trial 3/3: best loss", _harness.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MetricBetterWhenLarger_BestMetricIsTheLargestValidationValue()
    {
        var tune = await RunAsync(new TuneStep(), "tune", ("data", DataFixtures.TipsPath), ("target", "smoker"), ("max_evals", "2"), ("algo", "random"), ("metric", "auc"));

        var store = _harness.Tracker.Store;
        var parent = await store.GetRunAsync(tune["run_id"], CancellationToken.None);
        var trials = (await store.SearchRunsAsync(new RunSearch
        {
            ExperimentIds = [parent.Info.ExperimentId],
            Filter = $"tags.`{MlflowTags.ParentRunId}` = '{tune["run_id"]}' AND attributes.run_id != '{tune["best_run_id"]}'",
        }, CancellationToken.None)).Items;
        var bestAuc = trials.Max(t => t.Data.Metrics.Single(m => m.Key == "loss").Value * -1);
        var best = double.Parse(tune["best_metric"], CultureInfo.InvariantCulture);
        Assert.Equal(bestAuc, best);
        Assert.InRange(best, 0, 1);
    }

    [Fact]
    public async Task RunAsync_UnknownMetric_FailsSayingWhatXGBoostSaid()
    {
        var error = await Assert.ThrowsAsync<ArgusException>(() =>
            RunAsync(new TuneStep(), "tune", ("data", DataFixtures.TipsPath), ("target", "tip"), ("max_evals", "1"), ("metric", "no_such_metric")));

        Assert.StartsWith("Step 'tune': No trial of the search ", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 failed; trial 1: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Unknown metric function no_such_metric", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Stack trace", error.Message, StringComparison.Ordinal); // libxgboost's native trace stays out
        Assert.Contains("trial 1/1: no trial completed yet, 1 failed", _harness.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownAlgorithm_ErrorNamesTheSettingAndChoices()
    {
        var error = await Assert.ThrowsAsync<ArgusException>(() => RunAsync(new TuneStep(), "tune", ("data", DataFixtures.TipsPath), ("target", "tip"), ("algo", "bayes")));

        Assert.Equal("Step 'tune': setting 'algo': 'bayes' is not one of tpe, random, grid.", error.Message);
    }
}
