using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Argus.Tests.Infrastructure;
using Argus.XGBoost;

namespace Argus.Tests.XGBoost;

/// <summary>
/// Models cross between Argus and Python's xgboost (1.7.4 on the same libxgboost) as XGBoost JSON, and both
/// sides predict the same values. Uses the system interpreter, where scripts/setup.sh installs python3-xgboost.
/// </summary>
public sealed class PythonInteropTests
{
    private const string Python = "/usr/bin/python3";
    private const double Tolerance = 1e-6;

    private static readonly TrainOptions Options = new() { MaxDepth = 4, LearningRate = 0.2, NThread = 1, Seed = 5 };

    [Fact]
    public async Task Predict_ModelTrainedInArgus_PythonPredictsTheSame()
    {
        await RequirePythonXGBoostAsync();
        var data = SyntheticData.Regression(250, seed: 21);
        data.Features[3] = float.NaN;
        using var directory = new TempDirectory("argus-xgb-py");
        using var train = data.ToDMatrix();
        using var booster = XGBoostTrainer.Train(Options, train, [], rounds: 25).Booster;
        var modelPath = directory.Combine("argus-model.json");
        booster.Save(modelPath);
        var rowsPath = WriteRows(directory, data);

        const string script = """
            import json, sys
            import numpy as np
            import xgboost as xgb
            model, rows, n, m = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
            x = np.fromfile(rows, dtype='<f4').reshape(n, m)
            booster = xgb.Booster(model_file=model)
            print(json.dumps([float(v) for v in booster.predict(xgb.DMatrix(x, missing=np.nan))]))
            """;
        var python = await RunPythonAsync(script, modelPath, rowsPath, data);

        var argus = booster.Predict(data.Features, data.Rows, data.Columns);
        AssertClose(python, argus);
    }

    [Fact]
    public async Task Load_ModelTrainedInPython_ArgusPredictsTheSame()
    {
        await RequirePythonXGBoostAsync();
        var data = SyntheticData.Regression(250, seed: 22);
        using var directory = new TempDirectory("argus-xgb-py");
        var modelPath = directory.Combine("python-model.json");
        var rowsPath = WriteRows(directory, data);
        var labelsPath = directory.Combine("labels.f32");
        await File.WriteAllBytesAsync(labelsPath, MemoryMarshal.AsBytes(data.Labels.AsSpan()).ToArray());

        const string script = """
            import json, sys
            import numpy as np
            import xgboost as xgb
            model, rows, n, m, labels = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
            x = np.fromfile(rows, dtype='<f4').reshape(n, m)
            y = np.fromfile(labels, dtype='<f4')
            dtrain = xgb.DMatrix(x, label=y, feature_names=['a', 'b', 'c', 'd'])
            booster = xgb.train({'max_depth': 4, 'eta': 0.2, 'nthread': 1, 'seed': 5}, dtrain, num_boost_round=30)
            booster.save_model(model)
            print(json.dumps([float(v) for v in booster.predict(xgb.DMatrix(x, feature_names=['a', 'b', 'c', 'd']))]))
            """;
        var python = await RunPythonAsync(script, modelPath, rowsPath, data, labelsPath);

        using var booster = Booster.Load(modelPath);
        Assert.Equal(["a", "b", "c", "d"], booster.FeatureNames);
        Assert.Equal(30, booster.BoostedRounds);
        AssertClose(python, booster.Predict(data.Features, data.Rows, data.Columns));
    }

    [Fact]
    public async Task Predict_EarlyStoppedArgusModel_PythonReadsBestIterationAndPredictsTheSame()
    {
        await RequirePythonXGBoostAsync();
        var (result, validation) = XGBoostTrainerTests.EarlyStopped(Options, trainSeed: 23, validSeed: 24);
        using var booster = result.Booster;
        using var directory = new TempDirectory("argus-xgb-py");
        var modelPath = directory.Combine("argus-model.json");
        booster.Save(modelPath);
        var rowsPath = WriteRows(directory, validation);

        // As Python users predict with an early-stopped model: up to best_iteration, read from the model.
        const string script = """
            import json, sys
            import numpy as np
            import xgboost as xgb
            model, rows, n, m = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
            x = np.fromfile(rows, dtype='<f4').reshape(n, m)
            booster = xgb.Booster(model_file=model)
            best = int(booster.attr('best_iteration'))
            print(json.dumps([float(best)] + [float(v) for v in booster.predict(xgb.DMatrix(x, missing=np.nan), iteration_range=(0, best + 1))]))
            """;
        var python = await RunPythonAsync(script, modelPath, rowsPath, validation);

        Assert.Equal(result.BestIteration, (int)python[0]);
        AssertClose(python[1..], booster.Predict(validation.Features, validation.Rows, validation.Columns));
    }

    private static async Task RequirePythonXGBoostAsync()
    {
        const string fix = "Run scripts/setup.sh (it installs python3-xgboost for /usr/bin/python3).";
        if (!File.Exists(Python))
        {
            Assert.Fail($"{Python} does not exist; the XGBoost interop tests need it. {fix}");
        }

        var (exitCode, output) = await ProcessRunner.RunAsync(Python, ["-c", "import numpy, xgboost"], TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"{Python} cannot import xgboost: {output.Trim()} {fix}");
    }

    private static string WriteRows(TempDirectory directory, SyntheticData data)
    {
        var path = directory.Combine("rows.f32");
        // Raw little-endian float32, so Python reads exactly the values Argus predicted on.
        File.WriteAllBytes(path, MemoryMarshal.AsBytes(data.Features.AsSpan()).ToArray());
        return path;
    }

    private static async Task<double[]> RunPythonAsync(string script, string modelPath, string rowsPath, SyntheticData data, params string[] extra)
    {
        string[] arguments =
        [
            "-c", script, modelPath, rowsPath,
            data.Rows.ToString(CultureInfo.InvariantCulture), data.Columns.ToString(CultureInfo.InvariantCulture), .. extra,
        ];
        var (exitCode, output) = await ProcessRunner.RunAsync(Python, arguments, TimeSpan.FromMinutes(2));
        Assert.True(exitCode == 0, $"python failed ({exitCode}): {output}");
        var json = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('['));
        return JsonSerializer.Deserialize<double[]>(json)!;
    }

    private static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"row {i}: python {expected[i]}, argus {actual[i]}");
        }
    }
}
