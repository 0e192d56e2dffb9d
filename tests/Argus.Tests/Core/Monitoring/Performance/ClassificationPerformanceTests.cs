using System.Text.Json;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Performance;

namespace Argus.Tests.Core.Monitoring.Performance;

public sealed class ClassificationPerformanceTests
{
    private static readonly string[] Binary = ["neg", "pos"];

    [Fact]
    public void FromLabels_PositiveLabelNotInTask_ThrowsNamingLabels()
    {
        var e = Assert.Throws<ArgusException>(() => ClassificationPerformance.FromLabels([0, 1], [1, 1], Binary));
        Assert.Contains("neg, pos", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromProbabilities_ProbabilityAboveOne_Throws()
    {
        var e = Assert.Throws<ArgusException>(() =>
            ClassificationPerformance.FromProbabilities([0, 1], [new[] { 0.2, 1.5 }], Binary, new ClassificationOptions { PositiveLabel = "pos" }));
        Assert.Contains("outside [0, 1]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromProbabilities_ScoreEqualToThreshold_PredictedPositive()
    {
        var result = ClassificationPerformance.FromProbabilities([1, 0], [new[] { 0.5, 0.49 }], Binary, new ClassificationOptions { PositiveLabel = "pos" });
        Assert.Equal(1.0, result.Accuracy);
        Assert.Equal(1.0, result.RocAuc);
    }

    [Fact]
    public void FromProbabilities_OneColumnOrTwo_SameResult()
    {
        int[] target = [0, 1, 1, 0, 1, 0, 0, 1];
        double[] pos = [0.1, 0.8, 0.4, 0.35, 0.9, 0.6, 0.2, 0.7];
        var neg = pos.Select(p => 1 - p).ToArray();
        var options = new ClassificationOptions { PositiveLabel = "pos" };
        var one = ClassificationPerformance.FromProbabilities(target, [pos], Binary, options);
        var two = ClassificationPerformance.FromProbabilities(target, [neg, pos], Binary, options);
        Assert.Equal(PerformanceJsonWriter.Write(one), PerformanceJsonWriter.Write(two));
        Assert.Equal("pos", one.PositiveLabel);
        Assert.Equal("pos", Assert.Single(one.Curves!).Label);
    }

    [Fact]
    public void FromProbabilities_OneClassOnly_RocAucNaNWrittenAsNull()
    {
        var result = ClassificationPerformance.FromProbabilities([1, 1, 1], [new[] { 0.2, 0.7, 0.9 }], Binary, new ClassificationOptions { PositiveLabel = "pos" });
        Assert.True(double.IsNaN(result.RocAuc!.Value));
        using var json = JsonDocument.Parse(PerformanceJsonWriter.Write(result));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("roc_auc").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("curves")[0].GetProperty("roc").GetProperty("false_positive_rate")[0].ValueKind);
    }

    [Fact]
    public void FromLabels_MissingCodes_RowsDropped()
    {
        var result = ClassificationPerformance.FromLabels([0, -1, 1, 1], [0, 1, -1, 1], Binary, new ClassificationOptions { PositiveLabel = "pos" });
        Assert.Equal(2, result.RowCount);
        Assert.Equal(2, result.DroppedRowCount);
        Assert.Equal(1.0, result.F1);
    }

    [Fact]
    public void Validate_BadOptions_AllProblemsListed()
    {
        var e = Assert.Throws<ArgusException>(() => new ClassificationOptions { PositiveLabel = "", Threshold = 2, CalibrationBins = 0 }.Validate());
        Assert.Contains("positive label", e.Message, StringComparison.Ordinal);
        Assert.Contains("threshold", e.Message, StringComparison.Ordinal);
        Assert.Contains("calibration bins", e.Message, StringComparison.Ordinal);
    }
}
