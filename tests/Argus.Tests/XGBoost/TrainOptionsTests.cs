using Argus.Core.Errors;
using Argus.XGBoost;

namespace Argus.Tests.XGBoost;

public sealed class TrainOptionsTests
{
    [Fact]
    public void Validate_Defaults_DoesNotThrow()
    {
        var error = Record.Exception(() => new TrainOptions().Validate());

        Assert.Null(error);
    }

    [Fact]
    public void Validate_ManyInvalidValues_ReportsEveryProblemTogether()
    {
        var options = new TrainOptions
        {
            Objective = "reg:linear-ish",
            MaxDepth = -1,
            LearningRate = 0,
            Subsample = 1.5,
            ColsampleByTree = double.NaN,
            MinChildWeight = -1,
            Lambda = -0.1,
            Alpha = double.PositiveInfinity,
            NumClass = 3,
            NThread = 0,
            TreeMethod = "gpu_hist",
            EvalMetrics = ["rm se"],
        };

        var error = Assert.Throws<ArgusException>(options.Validate);

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        foreach (var name in new[] { "objective", "max_depth", "eta", "subsample", "colsample_bytree", "min_child_weight", "lambda", "alpha", "num_class", "nthread", "tree_method", "eval_metric" })
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(12, options.Problems().Count);
    }

    [Fact]
    public void Validate_SoftprobWithoutNumClass_ReportsNumClass()
    {
        var problems = new TrainOptions { Objective = "multi:softprob" }.Problems();

        var problem = Assert.Single(problems);
        Assert.Contains("num_class", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ToParameters_Options_UseXGBoostNamesAndInvariantNumbers()
    {
        var parameters = new TrainOptions { LearningRate = 0.05, NumClass = 3, Objective = "multi:softprob", EvalMetrics = ["mlogloss", "merror"] }.ToParameters();

        Assert.Contains(new KeyValuePair<string, string>("eta", "0.05"), parameters);
        Assert.Contains(new KeyValuePair<string, string>("num_class", "3"), parameters);
        Assert.Equal(["mlogloss", "merror"], parameters.Where(p => p.Key == "eval_metric").Select(p => p.Value));
    }
}
