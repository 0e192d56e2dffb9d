using System.Globalization;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Steps;
using Argus.Core.Registry;
using Argus.Tests.Core.Data;
using Argus.Tests.Core.Pipelines.Steps;
using Argus.XGBoost.Models;
using Argus.XGBoost.Pipelines;

namespace Argus.Tests.XGBoost.Pipelines;

/// <summary>
/// data → train → register → evaluate → promote on the tips data, chained through their outputs as a pipeline chains
/// them, with real XGBoost and a real registry: the champion moves only when the metrics say so.
/// </summary>
public sealed class ModelStepsTests : IAsyncLifetime
{
    private StepHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await StepHarness.StartAsync("argus-model-steps");

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<IReadOnlyDictionary<string, string>> RunAsync(IStepKind kind, string step, params (string, object)[] settings) =>
        kind.RunAsync(_harness.Context(step, StepHarness.Settings(settings)), CancellationToken.None);

    private async Task<string?> AliasAsync(string alias) =>
        (await _harness.Tracker.Registry.GetRegisteredModelAsync("tips", CancellationToken.None)).Aliases.FirstOrDefault(a => a.Alias == alias)?.Version;

    private async Task<(IReadOnlyDictionary<string, string> Train, string Version)> TrainAndRegisterAsync(string data, string parameters, string rounds)
    {
        var train = await RunAsync(new TrainStep(), "train", ("data", data), ("target", "tip"), ("experiment", "tips"), ("params", parameters), ("rounds", rounds), ("early_stopping_rounds", "0"));
        var register = await RunAsync(new RegisterStep(), "register", ("model", "tips"), ("run_id", train["run_id"]));
        return (train, register["version"]);
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Chain_FirstVersionChampion_WorseOneKeptChallenger_NextDecidedByItsMetrics()
    {
        var data = await RunAsync(new DataStep(), "data", ("path", DataFixtures.TipsPath), ("target", "tip"));

        // The first version: evaluated alone (no champion yet), then promoted outright.
        var (train1, v1) = await TrainAndRegisterAsync(data["path"], """{"max_depth": 3, "learning_rate": 0.3}""", "20");
        Assert.Equal($"runs:/{train1["run_id"]}/model", train1["model_uri"]);
        Assert.True(Number(train1["test_rmse"]) > 0);
        Assert.Contains("test_r2", train1.Keys);
        var run1 = await _harness.Tracker.Store.GetRunAsync(train1["run_id"], CancellationToken.None);
        Assert.Equal("3", run1.Data.Params.Single(p => p.Key == "max_depth").Value);
        Assert.Equal(data["digest"], Assert.Single(run1.Inputs.DatasetInputs).Dataset.Digest); // the version the data step recorded
        Assert.Equal("1", v1);
        var evaluation1 = await RunAsync(new EvaluateStep(), "evaluate", ("model", "tips"), ("candidate", v1), ("data", data["path"]));
        Assert.Contains("candidate_rmse", evaluation1.Keys);
        Assert.DoesNotContain("baseline_rmse", evaluation1.Keys);
        var promotion1 = await RunAsync(new PromoteStep(), "promote", ("model", "tips"), ("candidate", v1));
        Assert.Equal(("true", "1"), (promotion1["promoted"], promotion1["champion"]));
        Assert.Equal("1", await AliasAsync(ModelPromotion.Champion));

        // A deliberately weak version: worse on the data, so it stays challenger, decided by the evaluate step's run.
        var (_, v2) = await TrainAndRegisterAsync(data["path"], """{"max_depth": 1, "learning_rate": 0.05}""", "2");
        var evaluation2 = await RunAsync(new EvaluateStep(), "evaluate", ("model", "tips"), ("candidate", v2), ("data", data["path"]));
        Assert.True(Number(evaluation2["candidate_rmse"]) > Number(evaluation2["baseline_rmse"]), $"{evaluation2["candidate_rmse"]} vs {evaluation2["baseline_rmse"]}");
        Assert.Equal(evaluation1["candidate_rmse"], evaluation2["baseline_rmse"]); // the champion, scored on the same data
        var promotion2 = await RunAsync(new PromoteStep(), "promote", ("model", "tips"), ("candidate", v2));
        Assert.Equal(("false", "1"), (promotion2["promoted"], promotion2["champion"]));
        Assert.Contains($"(evaluation run {evaluation2["run_id"]})", (await HistoryAsync()).Last().Reason, StringComparison.Ordinal);
        Assert.Equal(("1", "2"), (await AliasAsync(ModelPromotion.Champion), await AliasAsync(ModelPromotion.Challenger)));

        // A third version evaluated now, by the promote step itself: the champion moves exactly when its rmse is lower.
        var (_, v3) = await TrainAndRegisterAsync(data["path"], """{"max_depth": 6}""", "150");
        var promotion3 = await RunAsync(new PromoteStep(), "promote", ("model", "tips"), ("candidate", "3"), ("data", data["path"]), ("reason", "nightly retrain"));
        var evaluation3 = await ModelEvaluation.LatestAsync(_harness.Tracker.Store, "tips", v3, "1");
        var better = evaluation3!.Candidate["rmse"] < evaluation3.Baseline!["rmse"];
        Assert.Equal(better ? "true" : "false", promotion3["promoted"]);
        Assert.Equal(better ? "3" : "1", promotion3["champion"]);
        Assert.Equal(promotion3["champion"], await AliasAsync(ModelPromotion.Champion));
        Assert.Contains(better ? "promoted" : "kept as challenger", promotion3["verdict"], StringComparison.Ordinal);
        Assert.Contains("nightly retrain", (await HistoryAsync()).Last().Reason, StringComparison.Ordinal);
        Assert.Contains("Promoted tips version 1 to @champion: no champion yet: promoted outright", _harness.Log.ToString(), StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<RegistryEvent>> HistoryAsync() =>
        (await _harness.Tracker.Registry.GetHistoryAsync("tips", 1000, null, CancellationToken.None)).Items.OrderBy(e => e.Id).ToList();

    [Fact]
    public async Task Promote_WithoutDataOrEvaluation_SaysHowToGetOne()
    {
        var (_, v1) = await TrainAndRegisterAsync(DataFixtures.TipsPath, "{}", "5");
        await RunAsync(new PromoteStep(), "promote", ("model", "tips"), ("candidate", v1));
        var (_, v2) = await TrainAndRegisterAsync(DataFixtures.TipsPath, "{}", "6");

        var error = await Assert.ThrowsAsync<ArgusException>(() => RunAsync(new PromoteStep(), "promote", ("model", "tips"), ("candidate", v2)));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
        Assert.StartsWith("Step 'promote': No evaluation of tips version 2 against the champion (version 1)", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("In a pipeline: give this step 'data', or run an evaluate step of the pair before it.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promote_StagesMode_MovesProduction()
    {
        var (_, v1) = await TrainAndRegisterAsync(DataFixtures.TipsPath, "{}", "5");

        var outputs = await RunAsync(new PromoteStep(), "promote", ("model", "tips"), ("candidate", v1), ("mode", "stages"));

        Assert.Equal(("true", "1"), (outputs["promoted"], outputs["champion"]));
        Assert.Equal(ModelStages.Production, (await _harness.Tracker.Registry.GetModelVersionAsync("tips", "1", CancellationToken.None)).CurrentStage);
    }

    [Fact]
    public async Task Register_WrongArtifactPath_FailsBeforeRegistering()
    {
        var train = await RunAsync(new TrainStep(), "train", ("data", DataFixtures.TipsPath), ("target", "tip"), ("rounds", "3"));

        var error = await Assert.ThrowsAsync<ArgusException>(() => RunAsync(new RegisterStep(), "register", ("model", "tips"), ("run_id", train["run_id"]), ("artifact_path", "modle")));

        Assert.StartsWith("Step 'register': ", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgusException>(() => _harness.Tracker.Registry.GetRegisteredModelAsync("tips", CancellationToken.None));
    }

    [Theory]
    [InlineData("params", "[1, 2]", "Step 'train': setting 'params': must be a JSON object of XGBoost parameters")]
    [InlineData("params", "{\"max_depth\": [3]}", "Step 'train': setting 'params': 'max_depth' must be a number, a string or a boolean.")]
    [InlineData("params", "{\"depth\": 3}", "Step 'train': Invalid XGBoost parameters: depth=3: unknown parameter")]
    [InlineData("rounds", "0", "Step 'train': setting 'rounds': '0' is not a whole number of at least 1.")]
    public async Task Train_InvalidSetting_ClearError(string setting, string value, string message)
    {
        var error = await Assert.ThrowsAsync<ArgusException>(() => RunAsync(new TrainStep(), "train", ("data", DataFixtures.TipsPath), ("target", "tip"), (setting, value)));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_BaselineNotAVersion_ErrorNamesTheSetting()
    {
        var (_, v1) = await TrainAndRegisterAsync(DataFixtures.TipsPath, "{}", "3");

        var error = await Assert.ThrowsAsync<ArgusException>(() =>
            RunAsync(new EvaluateStep(), "evaluate", ("model", "tips"), ("candidate", v1), ("baseline", "latest"), ("data", DataFixtures.TipsPath)));

        Assert.Equal("Step 'evaluate': setting 'baseline': 'latest' is not a version: give a number (3) or an alias (@champion).", error.Message);
    }
}
