using Argus.Core.Errors;
using Argus.XGBoost;

namespace Argus.Tests.XGBoost;

public sealed class XGBoostTrainerTests
{
    private static readonly TrainOptions Regression = new() { MaxDepth = 4, LearningRate = 0.3, NThread = 1, Seed = 7 };

    [Fact]
    public void Train_Regression_TrainingRmseDecreasesAndPredictionsFitTargets()
    {
        var data = SyntheticData.Regression(400, seed: 1);
        using var train = data.ToDMatrix();
        var seen = new List<int>();

        var result = XGBoostTrainer.Train(Regression, train, [("train", train)], rounds: 60, onIteration: (round, _) => seen.Add(round));
        using var booster = result.Booster;

        var rmse = result.History.Select(m => m["train-rmse"]).ToArray();
        Assert.Equal(60, rmse.Length);
        Assert.Equal(Enumerable.Range(0, 60), seen);
        Assert.True(rmse[^1] < rmse[0] / 10, $"train-rmse went from {rmse[0]} to {rmse[^1]}");
        Assert.True(rmse.Zip(rmse.Skip(1)).All(p => p.Second <= p.First), "train-rmse must not increase");

        var predictions = booster.Predict(data.Features, data.Rows, data.Columns);
        Assert.Equal(data.Rows, predictions.Length);
        var predictionRmse = Math.Sqrt(predictions.Zip(data.Labels).Average(p => Math.Pow(p.First - p.Second, 2)));
        Assert.True(predictionRmse < 0.15, $"prediction RMSE {predictionRmse}");
        Assert.Equal(rmse[^1], predictionRmse, 3);
    }

    [Fact]
    public void Train_ValidationSetThatOverfits_StopsEarlyAndReportsBestIteration()
    {
        var trainData = SyntheticData.Noise(200, seed: 2);
        var validData = SyntheticData.Noise(200, seed: 3);
        using var train = trainData.ToDMatrix();
        using var valid = validData.ToDMatrix();
        var options = Regression with { MaxDepth = 8, LearningRate = 0.5, MinChildWeight = 0 };

        var result = XGBoostTrainer.Train(options, train, [("train", train), ("valid", valid)], rounds: 200, earlyStoppingRounds: 5);
        using var booster = result.Booster;

        Assert.True(result.StoppedEarly);
        Assert.True(result.History.Count < 200, $"ran {result.History.Count} rounds");
        Assert.Equal(result.BestIteration + 5 + 1, result.History.Count);
        var valid0 = result.History.Select(m => m["valid-rmse"]).ToArray();
        Assert.Equal(valid0.Min(), result.BestScore);
        Assert.Equal(valid0[result.BestIteration], result.BestScore);
        Assert.Equal(result.BestIteration, booster.BestIteration);
        Assert.Equal(result.History.Count, booster.BoostedRounds);
    }

    [Fact]
    public void SaveAndLoad_EarlyStoppedModel_KeepsBestIterationAndPredictsTheSame()
    {
        var (result, validData) = EarlyStopped(Regression, trainSeed: 2, validSeed: 3);
        using var trained = result.Booster;

        using var loaded = Booster.Load(trained.SaveToJson());

        Assert.Equal(result.BestIteration, loaded.BestIteration);
        Assert.Equal(result.BestScore, loaded.BestScore);
        Assert.Equal(result.BestIteration.ToString(System.Globalization.CultureInfo.InvariantCulture), loaded.GetAttribute("best_iteration"));
        var expected = trained.Predict(validData.Features, validData.Rows, validData.Columns);
        Assert.Equal(expected, loaded.Predict(validData.Features, validData.Rows, validData.Columns));

        // Every tree predicts differently from the best rounds: the attribute is what makes them agree.
        loaded.BestIteration = null;
        Assert.Null(loaded.GetAttribute("best_iteration"));
        Assert.NotEqual(expected, loaded.Predict(validData.Features, validData.Rows, validData.Columns));
    }

    /// <summary>
    /// Trains deep trees on noise with a noise validation set, which overfits within a few rounds, so early
    /// stopping (patience 5, at most 200 rounds) ends it; returns the result and the validation data.
    /// </summary>
    internal static (TrainingResult Result, SyntheticData Validation) EarlyStopped(TrainOptions baseOptions, int trainSeed, int validSeed)
    {
        var validData = SyntheticData.Noise(200, validSeed);
        using var train = SyntheticData.Noise(200, trainSeed).ToDMatrix();
        using var valid = validData.ToDMatrix();
        var result = XGBoostTrainer.Train(baseOptions with { MaxDepth = 8, LearningRate = 0.5, MinChildWeight = 0 }, train, [("valid", valid)], rounds: 200, earlyStoppingRounds: 5);
        Assert.True(result.StoppedEarly);
        return (result, validData);
    }

    [Fact]
    public void Load_BestIterationBeyondTheModel_IsAClearError()
    {
        var data = SyntheticData.Regression(100, seed: 6);
        using var train = data.ToDMatrix();
        using var booster = XGBoostTrainer.Train(Regression, train, [], rounds: 3).Booster;
        booster.SetAttribute("best_iteration", "7");

        var error = Assert.Throws<ArgusException>(() => Booster.Load(booster.SaveToJson()));

        Assert.Contains("best_iteration", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 rounds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_BinaryLogistic_PredictsOneProbabilityPerRow()
    {
        var data = SyntheticData.Classification(300, seed: 4, classes: 2);
        using var train = data.ToDMatrix();
        var options = Regression with { Objective = "binary:logistic", EvalMetrics = ["logloss", "auc"] };

        var result = XGBoostTrainer.Train(options, train, [("train", train)], rounds: 20);
        using var booster = result.Booster;

        Assert.True(result.History[^1]["train-auc"] > 0.95);
        Assert.Equal(result.History.Select(m => m["train-auc"]).Max(), result.BestScore);
        var predictions = booster.Predict(data.Features, data.Rows, data.Columns);
        Assert.Equal(data.Rows, predictions.Length);
        Assert.All(predictions, p => Assert.InRange(p, 0f, 1f));
        var accuracy = predictions.Zip(data.Labels).Count(p => (p.First > 0.5 ? 1 : 0) == p.Second) / (double)data.Rows;
        Assert.True(accuracy > 0.9, $"accuracy {accuracy}");
    }

    [Fact]
    public void Train_MultiSoftprob_PredictsRowsTimesClassesSummingToOne()
    {
        var data = SyntheticData.Classification(300, seed: 5, classes: 3);
        using var train = data.ToDMatrix();
        var options = Regression with { Objective = "multi:softprob", NumClass = 3 };

        var result = XGBoostTrainer.Train(options, train, [("train", train)], rounds: 10);
        using var booster = result.Booster;

        Assert.Contains("train-mlogloss", result.History[0].Keys);
        var predictions = booster.Predict(data.Features, data.Rows, data.Columns);
        Assert.Equal(data.Rows * 3, predictions.Length);
        for (var i = 0; i < data.Rows; i++)
        {
            Assert.Equal(1.0, predictions[(i * 3)..((i * 3) + 3)].Sum(), 4);
        }
    }

    [Fact]
    public void Train_NaNFeatures_AreAcceptedAsMissing()
    {
        var data = SyntheticData.Regression(200, seed: 6);
        for (var i = 0; i < data.Features.Length; i += 7)
        {
            data.Features[i] = float.NaN;
        }

        using var train = data.ToDMatrix();

        var result = XGBoostTrainer.Train(Regression, train, [("train", train)], rounds: 10);
        using var booster = result.Booster;

        var predictions = booster.Predict(data.Features, data.Rows, data.Columns);
        Assert.All(predictions, p => Assert.True(float.IsFinite(p)));
        Assert.True(result.History[^1]["train-rmse"] < result.History[0]["train-rmse"]);
    }

    [Fact]
    public void Train_InvalidOptionsAndArguments_ReportsEveryProblemTogether()
    {
        using var train = SyntheticData.Regression(10, seed: 7).ToDMatrix();
        var options = new TrainOptions { MaxDepth = -1, Subsample = 0 };

        var error = Assert.Throws<ArgusException>(() => XGBoostTrainer.Train(options, train, [], rounds: 0, earlyStoppingRounds: 3));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("max_depth", error.Message, StringComparison.Ordinal);
        Assert.Contains("subsample", error.Message, StringComparison.Ordinal);
        Assert.Contains("rounds must be positive", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least one evaluation set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseEvaluation_TwoSets_KeysBySetAndMetric()
    {
        var (metrics, lastKey) = XGBoostTrainer.ParseEvaluation("[0]\ttrain-rmse:1.23\tvalid-rmse:1.45");

        Assert.Equal(1.23, metrics["train-rmse"]);
        Assert.Equal(1.45, metrics["valid-rmse"]);
        Assert.Equal("valid-rmse", lastKey);
    }

    [Theory]
    [InlineData("valid-auc", true)]
    [InlineData("valid-aucpr", true)]
    [InlineData("valid-ndcg@5", true)]
    [InlineData("valid-map", true)]
    [InlineData("valid-mape", false)]
    [InlineData("valid-rmse", false)]
    [InlineData("valid-logloss", false)]
    public void IsMaximized_Metric_MatchesDirection(string key, bool expected) =>
        Assert.Equal(expected, XGBoostTrainer.IsMaximized(key, "valid"));
}
