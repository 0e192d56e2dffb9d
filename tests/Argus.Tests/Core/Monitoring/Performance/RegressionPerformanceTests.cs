using System.Text.Json;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Performance;

namespace Argus.Tests.Core.Monitoring.Performance;

public sealed class RegressionPerformanceTests
{
    [Fact]
    public void Compute_LengthMismatch_Throws()
    {
        var e = Assert.Throws<ArgusException>(() => RegressionPerformance.Compute([1.0, 2.0], [1.0]));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
    }

    [Fact]
    public void Compute_NoFiniteRow_Throws()
    {
        Assert.Throws<ArgusException>(() => RegressionPerformance.Compute([double.NaN, 1.0], [1.0, double.PositiveInfinity]));
    }

    [Fact]
    public void Compute_NegativeTarget_EvidentlyDividesByEpsilonAbsoluteDoesNot()
    {
        double[] target = [-2.0, 4.0];
        double[] prediction = [-1.0, 5.0];
        var evidently = RegressionPerformance.Compute(target, prediction);
        var absolute = RegressionPerformance.Compute(target, prediction, new RegressionOptions { MapeDenominator = MapeDenominator.Absolute });
        Assert.Equal(100.0 * ((1 / 2.220446049250313E-16) + 0.25) / 2, evidently.Mape, 1e-6 * evidently.Mape);
        Assert.Equal(100.0 * (0.5 + 0.25) / 2, absolute.Mape, 12);
    }

    [Fact]
    public void Compute_PerfectPredictionOfConstant_R2IsOne()
    {
        Assert.Equal(1.0, RegressionPerformance.Compute([3.0, 3.0, 3.0], [3.0, 3.0, 3.0]).R2);
    }

    [Fact]
    public void Validate_BadOptions_AllProblemsListed()
    {
        var e = Assert.Throws<ArgusException>(() => new RegressionOptions { TopErrorQuantile = 0.7, MapeDenominator = (MapeDenominator)9 }.Validate());
        Assert.Contains("top error quantile", e.Message, StringComparison.Ordinal);
        Assert.Contains("MAPE denominator", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SingleRow_UndefinedStdIsNull()
    {
        var result = RegressionPerformance.Compute([1.0], [2.0]);
        using var json = JsonDocument.Parse(PerformanceJsonWriter.Write(result));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("error_std").ValueKind);
        Assert.Equal(1.0, json.RootElement.GetProperty("mean_error").GetDouble());
        Assert.Equal(1.0, json.RootElement.GetProperty("rmse").GetDouble());
        Assert.True(json.RootElement.TryGetProperty("top_error", out _));
    }

    [Fact]
    public void Paths_Regression_IncludeDummies()
    {
        var values = PerformanceMetricPaths.Of(RegressionPerformance.Compute([1.0, 2.0, 3.0, 4.0], [1.5, 2.0, 2.5, 5.0]));
        Assert.Equal(0.5, values["regression.mae"], 12);
        Assert.True(values.ContainsKey("regression.dummy.rmse"));
    }
}
