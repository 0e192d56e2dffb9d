using Argus.Core.Errors;
using Argus.Tests.Infrastructure;
using Argus.XGBoost;
using Argus.XGBoost.Native;

namespace Argus.Tests.XGBoost;

public sealed class BoosterTests
{
    private static readonly TrainOptions Options = new() { MaxDepth = 3, NThread = 1, Seed = 3 };

    private static (Booster Booster, SyntheticData Data) Trained(int rounds = 15)
    {
        var data = SyntheticData.Regression(300, seed: 11);
        using var train = data.ToDMatrix();
        train.SetFeatureNames(["x0", "x1", "x2", "noise"]);
        return (XGBoostTrainer.Train(Options, train, [], rounds).Booster, data);
    }

    [Fact]
    public void Predict_ParallelCallers_MatchSingleThreadedResult()
    {
        var (booster, data) = Trained();
        using var _ = booster;
        var expected = booster.Predict(data.Features, data.Rows, data.Columns);

        var results = new float[16][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            float[] last = [];
            for (var repeat = 0; repeat < 20; repeat++)
            {
                last = booster.Predict(data.Features, data.Rows, data.Columns);
            }

            results[i] = last;
        });

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void SaveToJson_LoadFromBuffer_PredictsTheSameAndKeepsFeatureNames()
    {
        var (booster, data) = Trained();
        using var _ = booster;

        var json = booster.SaveToJson();
        using var loaded = Booster.Load(json);

        Assert.StartsWith("{", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Equal(booster.Predict(data.Features, data.Rows, data.Columns), loaded.Predict(data.Features, data.Rows, data.Columns));
        Assert.Equal(["x0", "x1", "x2", "noise"], loaded.FeatureNames);
        Assert.Equal(15, loaded.BoostedRounds);
    }

    [Fact]
    public void Save_JsonFile_LoadsBackWithSamePredictions()
    {
        var (booster, data) = Trained();
        using var _ = booster;
        using var directory = new TempDirectory("argus-xgb");
        var path = directory.Combine("model.json");

        booster.Save(path);
        using var loaded = Booster.Load(path);

        Assert.Contains("\"learner\"", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(booster.Predict(data.Features, data.Rows, data.Columns), loaded.Predict(data.Features, data.Rows, data.Columns));
    }

    [Fact]
    public void GainImportance_TrainedModel_RanksSignalAboveNoise()
    {
        var (booster, _) = Trained();
        using var _b = booster;

        var gain = booster.GainImportance();

        Assert.True(gain["x0"] > gain.GetValueOrDefault("noise"));
        Assert.True(gain["x1"] > gain.GetValueOrDefault("noise"));
        Assert.All(gain.Values, v => Assert.True(v > 0));
    }

    [Fact]
    public void Load_FileThatIsNotAModel_SurfacesXGBoostErrorText()
    {
        using var directory = new TempDirectory("argus-xgb");
        var path = directory.Combine("not-a-model.json");
        File.WriteAllText(path, "this is not a model");

        var error = Assert.Throws<ArgusException>(() => Booster.Load(path));

        Assert.StartsWith("XGBoost error: ", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length > "XGBoost error: ".Length + 10, error.Message);
    }

    [Fact]
    public void SetParameter_UnknownObjective_SurfacesXGBoostErrorText()
    {
        using var train = SyntheticData.Regression(10, seed: 12).ToDMatrix();
        using var booster = Booster.Create([train]);
        booster.SetParameter("objective", "reg:nonsense");

        var error = Assert.Throws<ArgusException>(() => booster.UpdateOneIteration(0, train));

        Assert.Contains("reg:nonsense", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_AfterDispose_ThrowsObjectDisposed()
    {
        var (booster, data) = Trained(rounds: 2);
        booster.Dispose();

        Assert.Throws<ObjectDisposedException>(() => booster.Predict(data.Features, data.Rows, data.Columns));
    }

    [Fact]
    public void Predict_WrongShape_ThrowsInvalidParameter()
    {
        var (booster, _) = Trained(rounds: 2);
        using var _b = booster;

        var error = Assert.Throws<ArgusException>(() => booster.Predict(new float[5], 2, 2));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
    }

    [Fact]
    public void Current_LoadedLibrary_IsVersion174()
    {
        var version = XGBoostVersion.Current;

        Assert.Equal(new XGBoostVersion(1, 7, 4), version);
        Assert.Equal("1.7.4", version.ToString());
    }

    [Fact]
    public void Load_LibraryNotInstalled_FailsWithInstallHint()
    {
        var error = Assert.Throws<ArgusException>(() => XGBoostLibrary.Load(["libxgboost-missing.so.99"]));

        Assert.Contains("apt-get install libxgboost0", error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/setup.sh", error.Message, StringComparison.Ordinal);
    }
}
