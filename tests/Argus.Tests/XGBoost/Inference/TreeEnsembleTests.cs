using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Argus.Core.Errors;
using Argus.Tests.Infrastructure;
using Argus.XGBoost;
using Argus.XGBoost.Inference;
using static Argus.Tests.XGBoost.Inference.InferenceModels;

namespace Argus.Tests.XGBoost.Inference;

/// <summary>
/// The managed predictor gives libxgboost 1.7.4's float32 results bit for bit: predictions against
/// <see cref="Booster.Predict"/>, margins against libxgboost's margin prediction.
/// </summary>
public sealed class TreeEnsembleTests
{
    [Theory]
    [InlineData("reg:squarederror")]
    [InlineData("reg:absoluteerror")]
    [InlineData("reg:pseudohubererror")]
    [InlineData("reg:logistic")]
    [InlineData("binary:logistic")]
    [InlineData("binary:logitraw")]
    [InlineData("count:poisson")]
    [InlineData("reg:tweedie")]
    [InlineData("reg:gamma")]
    [InlineData("multi:softprob")]
    [InlineData("multi:softmax")]
    public void Predict_Objective_BitIdenticalToBoosterPredict(string objective)
    {
        var data = DataFor(objective, rows: 400, seed: 31);
        using var booster = Train(objective, data, rounds: 14);
        var json = booster.SaveToJson();
        var ensemble = TreeEnsemble.Load(json);
        var rows = Concat(data, ProbeRows(json, data.Columns, seed: 32));
        var rowCount = rows.Length / data.Columns;

        AssertMatchesLibxgboost(booster, ensemble, rows, rowCount, objective);
        Assert.Equal(objective, ensemble.Objective);
        Assert.Equal(objective == "multi:softprob" ? 3 : 1, ensemble.OutputsPerRow);
        Assert.Equal(objective.StartsWith("multi:", StringComparison.Ordinal) ? 3 : 1, ensemble.OutputGroups);
        Assert.Equal(14, ensemble.BoostedRounds);
    }

    [Theory]
    [InlineData("binary:logistic", "0.3")]
    [InlineData("reg:logistic", "0.8")]
    [InlineData("binary:logitraw", "0.3")]
    [InlineData("count:poisson", "0.7")]
    [InlineData("reg:tweedie", "2.5")]
    [InlineData("reg:gamma", "1.7")]
    [InlineData("reg:squarederror", "-1.25")]
    [InlineData("multi:softprob", "0.2")]
    public void Predict_NonDefaultBaseScore_StartsFromLibxgboostsBaseMargin(string objective, string baseScore)
    {
        var data = DataFor(objective, rows: 300, seed: 33);
        using var booster = Train(objective, data, rounds: 9, ("base_score", baseScore), ("eta", "0.2"));
        var json = booster.SaveToJson();
        var ensemble = TreeEnsemble.Load(json);
        var rows = Concat(data, ProbeRows(json, data.Columns, seed: 34));

        Assert.Equal(float.Parse(baseScore, CultureInfo.InvariantCulture), ensemble.BaseScore);
        AssertMatchesLibxgboost(booster, ensemble, rows, rows.Length / data.Columns, $"{objective} base_score {baseScore}");
    }

    [Fact]
    public void Predict_MarginsBelowTheSigmoidClamp_MatchLibxgboost()
    {
        var data = DataFor("binary:logistic", rows: 300, seed: 35);
        using var trained = Train("binary:logistic", data, rounds: 10);
        // base_score 1e-38 starts every margin near -87.5, so the trees push many past -88.7.
        var json = Mutate(trained.SaveToJson(), root => root["learner"]!["learner_model_param"]!["base_score"] = "1E-38");
        using var booster = Booster.Load(json);
        var ensemble = TreeEnsemble.Load(json);
        var rows = Concat(data, ProbeRows(json, data.Columns, seed: 36));
        var rowCount = rows.Length / data.Columns;

        AssertMatchesLibxgboost(booster, ensemble, rows, rowCount, "clamped sigmoid");
        var margins = new float[rowCount];
        ensemble.PredictMargin(rows, rowCount, margins);
        Assert.Contains(margins, m => m < -88.7f);
    }

    [Fact]
    public void Predict_EarlyStoppedModel_UsesBestIterationAsBoosterDoes()
    {
        var (result, validation) = XGBoostTrainerTests.EarlyStopped(new TrainOptions { NThread = 1, Seed = 3 }, trainSeed: 37, validSeed: 38);
        using var booster = result.Booster;
        var ensemble = TreeEnsemble.FromBooster(booster);
        var rowCount = validation.Rows;

        Assert.Equal(result.BestIteration, ensemble.BestIteration);
        Assert.Equal(result.BestIteration + 1, ensemble.DefaultIterationEnd);
        Assert.True(ensemble.BoostedRounds > ensemble.DefaultIterationEnd);
        AssertBitIdentical(booster.Predict(validation.Features, rowCount, validation.Columns), ensemble.Predict(validation.Features, rowCount), "best iteration");

        var all = new float[rowCount];
        ensemble.Predict(validation.Features, rowCount, all, ensemble.BoostedRounds);
        AssertBitIdentical(booster.PredictRaw(validation.Features, rowCount, validation.Columns, margin: false, 0), all, "every round");
        Assert.NotEqual(ensemble.Predict(validation.Features, rowCount), all);
    }

    [Fact]
    public void Predict_IterationEnd_MultiClassWithParallelTrees_MatchesLibxgboostEveryRound()
    {
        var data = DataFor("multi:softprob", rows: 300, seed: 39);
        using var booster = Train("multi:softprob", data, rounds: 6, ("num_parallel_tree", "2"), ("subsample", "0.8"));
        var ensemble = TreeEnsemble.FromBooster(booster);
        var rowCount = data.Rows;

        Assert.Equal(6 * 3 * 2, ensemble.TreeCount);
        Assert.Equal(6, ensemble.BoostedRounds);
        for (var end = 1; end <= ensemble.BoostedRounds; end++)
        {
            var values = new float[rowCount * 3];
            var margins = new float[rowCount * 3];
            ensemble.Predict(data.Features, rowCount, values, end);
            ensemble.PredictMargin(data.Features, rowCount, margins, end);

            AssertBitIdentical(booster.PredictRaw(data.Features, rowCount, data.Columns, margin: false, end), values, $"values, {end} rounds");
            AssertBitIdentical(booster.PredictRaw(data.Features, rowCount, data.Columns, margin: true, end), margins, $"margins, {end} rounds");
        }
    }

    [Fact]
    public void Predict_ManyThreadsAtOnce_EqualsSequentialResult()
    {
        var data = DataFor("multi:softprob", rows: 300, seed: 40);
        using var booster = Train("multi:softprob", data, rounds: 10);
        var ensemble = TreeEnsemble.FromBooster(booster);
        var expected = ensemble.Predict(data.Features, data.Rows);

        var results = new float[16][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var output = new float[expected.Length];
            for (var repeat = 0; repeat < 10; repeat++)
            {
                // One row at a time, as the model server calls it.
                for (var r = 0; r < data.Rows; r++)
                {
                    ensemble.Predict(data.Features.AsSpan(r * data.Columns, data.Columns), 1, output.AsSpan(r * 3, 3));
                }
            }

            results[i] = output;
        });

        Assert.All(results, result => AssertBitIdentical(expected, result, "parallel"));
    }

    [Theory]
    [InlineData("binary:logistic")]
    [InlineData("multi:softmax")]
    [InlineData("multi:softprob")]
    public void Predict_IntoCallersBuffer_AllocatesNothing(string objective)
    {
        var data = DataFor(objective, rows: 200, seed: 47);
        using var booster = Train(objective, data, rounds: 5);
        var ensemble = TreeEnsemble.FromBooster(booster);
        var output = new float[data.Rows * ensemble.OutputsPerRow];
        ensemble.Predict(data.Features, data.Rows, output);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var repeat = 0; repeat < 20; repeat++)
        {
            ensemble.Predict(data.Features, data.Rows, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Load_JsonFile_PredictsAsTheBufferAndKeepsFeatureNames()
    {
        var data = DataFor("reg:squarederror", rows: 200, seed: 41);
        using var train = data.ToDMatrix();
        train.SetFeatureNames(["x0", "x1", "x2", "noise"]);
        using var booster = XGBoostTrainer.Train(new TrainOptions { MaxDepth = 3, NThread = 1 }, train, [], rounds: 5).Booster;
        using var directory = new TempDirectory("argus-inference");
        var path = directory.Combine("model.json");
        booster.Save(path);

        var fromFile = TreeEnsemble.Load(path);

        Assert.Equal(["x0", "x1", "x2", "noise"], fromFile.FeatureNames);
        Assert.Equal(4, fromFile.FeatureCount);
        AssertBitIdentical(booster.Predict(data.Features, data.Rows, data.Columns), fromFile.Predict(data.Features, data.Rows), "file");
    }

    [Fact]
    public async Task Load_ModelTrainedInPython_BitIdenticalToBooster()
    {
        const string python = "/usr/bin/python3";
        var data = DataFor("binary:logistic", rows: 300, seed: 42);
        using var directory = new TempDirectory("argus-inference-py");
        var modelPath = directory.Combine("python-model.json");
        var rowsPath = directory.Combine("rows.f32");
        var labelsPath = directory.Combine("labels.f32");
        await File.WriteAllBytesAsync(rowsPath, MemoryMarshal.AsBytes(data.Features.AsSpan()).ToArray());
        await File.WriteAllBytesAsync(labelsPath, MemoryMarshal.AsBytes(data.Labels.AsSpan()).ToArray());
        const string script = """
            import sys
            import numpy as np
            import xgboost as xgb
            model, rows, labels, n, m = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
            x = np.fromfile(rows, dtype='<f4').reshape(n, m)
            y = np.fromfile(labels, dtype='<f4')
            params = {'objective': 'binary:logistic', 'tree_method': 'hist', 'max_depth': 5, 'eta': 0.3,
                      'base_score': 0.3, 'nthread': 1, 'seed': 3}
            xgb.train(params, xgb.DMatrix(x, label=y, missing=np.nan), num_boost_round=17).save_model(model)
            """;
        string[] arguments =
        [
            "-c", script, modelPath, rowsPath, labelsPath,
            data.Rows.ToString(CultureInfo.InvariantCulture), data.Columns.ToString(CultureInfo.InvariantCulture),
        ];
        var (exitCode, output) = await ProcessRunner.RunAsync(python, arguments, TimeSpan.FromMinutes(2));
        Assert.True(exitCode == 0, $"{python} could not train the model (scripts/setup.sh installs python3-xgboost): {output}");

        using var booster = Booster.Load(modelPath);
        var ensemble = TreeEnsemble.Load(modelPath);
        var rows = Concat(data, ProbeRows(await File.ReadAllBytesAsync(modelPath), data.Columns, seed: 43));

        // Python's xgb.train records best_iteration (the last round) even without early stopping.
        Assert.Equal(16, ensemble.BestIteration);
        AssertMatchesLibxgboost(booster, ensemble, rows, rows.Length / data.Columns, "python model");
    }

    [Theory]
    [InlineData("this is not a model")]
    [InlineData("{\"learner\": 1}")]
    [InlineData("{}")]
    [InlineData("[1, 2")]
    public void Load_NotAModel_InvalidParameterValue(string text)
    {
        var error = Assert.Throws<ArgusException>(() => TreeEnsemble.Load(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.StartsWith("The model is not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ResourceDoesNotExist()
    {
        var error = Assert.Throws<ArgusException>(() => TreeEnsemble.Load("/nonexistent/argus/model.json"));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
    }

    [Theory]
    [InlineData("dart")]
    [InlineData("gblinear")]
    public void Load_OtherBoosters_NotImplemented(string boosterName)
    {
        var data = DataFor("reg:squarederror", rows: 100, seed: 44);
        using var booster = Train("reg:squarederror", data, rounds: 2, ("booster", boosterName));

        var error = Assert.Throws<ArgusException>(() => TreeEnsemble.FromBooster(booster));

        Assert.Equal(ErrorCode.NotImplemented, error.Code);
        Assert.Contains(boosterName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnsupportedObjective_NotImplementedNamingTheSupportedOnes()
    {
        var data = DataFor("reg:gamma", rows: 100, seed: 45);
        using var booster = Train("reg:squaredlogerror", data, rounds: 2, ("eta", "0.3"));

        var error = Assert.Throws<ArgusException>(() => TreeEnsemble.FromBooster(booster));

        Assert.Equal(ErrorCode.NotImplemented, error.Code);
        Assert.Contains("reg:squaredlogerror", error.Message, StringComparison.Ordinal);
        Assert.Contains("multi:softprob", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CategoricalSplit_NotImplemented()
    {
        var json = Mutate(SmallModel(), root => FirstTree(root)["split_type"]![0] = 1);

        var error = Assert.Throws<ArgusException>(() => TreeEnsemble.Load(json));

        Assert.Equal(ErrorCode.NotImplemented, error.Code);
        Assert.Contains("categorical", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MultiTarget_NotImplemented()
    {
        var json = Mutate(SmallModel(), root => root["learner"]!["learner_model_param"]!["num_target"] = "2");

        var error = Assert.Throws<ArgusException>(() => TreeEnsemble.Load(json));

        Assert.Equal(ErrorCode.NotImplemented, error.Code);
    }

    [Theory]
    [InlineData("left_children", 999, "children")]
    [InlineData("right_children", 0, "children")]
    [InlineData("split_indices", 4, "feature 4")]
    public void Load_TreeWithBadIndex_InvalidParameterValue(string array, int value, string expected)
    {
        var json = Mutate(SmallModel(), root => FirstTree(root)[array]![0] = value);

        var error = Assert.Throws<ArgusException>(() => TreeEnsemble.Load(json));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BestIterationBeyondTheRounds_InvalidParameterValue()
    {
        var json = Mutate(SmallModel(), root => root["learner"]!["attributes"] = new JsonObject { ["best_iteration"] = "9" });

        var error = Assert.Throws<ArgusException>(() => TreeEnsemble.Load(json));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("best_iteration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_WrongShapesOrIterationEnd_InvalidParameterValue()
    {
        var ensemble = TreeEnsemble.Load(SmallModel());
        var output = new float[2];

        Assert.Equal(ErrorCode.InvalidParameterValue, Assert.Throws<ArgusException>(() => ensemble.Predict(new float[7], 2, output)).Code);
        Assert.Equal(ErrorCode.InvalidParameterValue, Assert.Throws<ArgusException>(() => ensemble.Predict(new float[8], 2, new float[3])).Code);
        Assert.Equal(ErrorCode.InvalidParameterValue, Assert.Throws<ArgusException>(() => ensemble.Predict(new float[8], 2, output, 0)).Code);
        Assert.Equal(ErrorCode.InvalidParameterValue, Assert.Throws<ArgusException>(() => ensemble.Predict(new float[8], 2, output, 4)).Code);
        Assert.Empty(ensemble.Predict([], 0));
    }

    [Theory]
    [InlineData("reg:squarederror", "8")]
    [InlineData("binary:logistic", "6")]
    [InlineData("reg:squarederror", "2")]
    public void Predict_VectorAndScalarWalks_BitIdenticalToLibxgboost(string objective, string maxDepth)
    {
        // Deep trees take every kind of level in the vector walk (permuted from registers, then gathered) and shallow
        // leaves are copied down to the full depth; the rows hold NaN, threshold probes and a remainder beyond the blocks.
        var data = DataFor(objective, rows: 1000, seed: 51);
        using var booster = Train(objective, data, rounds: 12, ("max_depth", maxDepth), ("eta", "0.3"));
        var json = booster.SaveToJson();
        var ensemble = TreeEnsemble.Load(json);
        var rows = Concat(data, ProbeRows(json, data.Columns, seed: 52));
        var rowCount = rows.Length / data.Columns;
        Assert.NotEqual(0, rowCount % (PerfectTrees.Width * PerfectTrees.Blocks));

        Assert.Equal(System.Runtime.Intrinsics.X86.Avx2.IsSupported, ensemble.UsesVectors);
        var walks = new[]
        {
            ("default", ensemble),
            ("AVX2 only", ensemble.WithWalk(vectors: true, allowAvx512: false)),
            ("scalar", ensemble.WithWalk(vectors: false, allowAvx512: false)),
        };
        foreach (var (name, walk) in walks)
        {
            AssertMatchesLibxgboost(booster, walk, rows, rowCount, $"{objective} depth {maxDepth}, {name} walk");
        }
    }

    private static void AssertMatchesLibxgboost(Booster booster, TreeEnsemble ensemble, float[] rows, int rowCount, string what)
    {
        var columns = ensemble.FeatureCount;
        AssertBitIdentical(booster.Predict(rows, rowCount, columns), ensemble.Predict(rows, rowCount), $"{what} predictions");
        var margins = new float[rowCount * ensemble.OutputGroups];
        ensemble.PredictMargin(rows, rowCount, margins);
        var iterationEnd = booster.BestIteration is { } best ? best + 1 : 0;
        AssertBitIdentical(booster.PredictRaw(rows, rowCount, columns, margin: true, iterationEnd), margins, $"{what} margins");
    }

    /// <summary>A three-round reg:squarederror model on four features.</summary>
    private static byte[] SmallModel()
    {
        var data = DataFor("reg:squarederror", rows: 100, seed: 46);
        using var booster = Train("reg:squarederror", data, rounds: 3);
        return booster.SaveToJson();
    }

    private static JsonNode FirstTree(JsonNode root) => root["learner"]!["gradient_booster"]!["model"]!["trees"]![0]!;

    private static byte[] Mutate(byte[] json, Action<JsonNode> change)
    {
        var root = JsonNode.Parse(json)!;
        change(root);
        return Encoding.UTF8.GetBytes(root.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }
}
