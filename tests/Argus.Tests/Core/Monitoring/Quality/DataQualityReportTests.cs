using System.Text.Json;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Quality;

namespace Argus.Tests.Core.Monitoring.Quality;

public sealed class DataQualityReportTests
{
    private static List<QualityColumn> Data(double shift, string extraLabel) =>
    [
        QualityColumn.Numeric("x", new[] { 1.0, 2.0, 3.0, 4.0, double.NaN, 6.0 }),
        QualityColumn.Numeric("y", new[] { 2.0 + shift, 4.0, 6.5 - shift, 8.0, 10.0, double.PositiveInfinity }),
        QualityColumn.Categorical("c", new[] { 0, 1, 0, 2, -1, 0 }, ["a", "b", extraLabel]),
        QualityColumn.Categorical("k", new[] { 0, 1, 1, 0, 0, 1 }, ["u", "v"]),
    ];

    [Fact]
    public void Compute_WithReference_FillsBothSidesAndChanges()
    {
        var result = DataQualityReport.Compute(Data(5, "new"), Data(0, "old"));
        Assert.NotNull(result.Reference);
        Assert.Equal(4, result.CurrentCorrelations.Count);
        Assert.Equal(["x", "y"], result.CurrentCorrelations[0].Columns);
        var c = result.CurrentColumns[2].Categorical!;
        Assert.Equal(["new"], c.NewInCurrent!);
        Assert.Equal(["old"], c.UnusedInCurrent!);
        Assert.NotEmpty(result.TopCorrelationChanges!);
        Assert.All(result.TopCorrelationChanges!, change => Assert.Equal(change.Current - change.Reference, change.Change));
    }

    [Fact]
    public void Compute_InvalidOptions_AllProblemsListed()
    {
        var options = new DataQualityOptions { AlmostConstantThreshold = 0.2, HistogramBins = 0, TopCorrelationChanges = -1 };
        var e = Assert.Throws<ArgusException>(() => DataQualityReport.Compute(Data(0, "z"), null, options));
        Assert.Contains("almost constant", e.Message, StringComparison.Ordinal);
        Assert.Contains("histogram bins", e.Message, StringComparison.Ordinal);
        Assert.Contains("top correlation changes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Result_SnakeCaseAndNonFiniteAsNull()
    {
        var result = DataQualityReport.Compute(Data(0, "z"), null, new DataQualityOptions { CorrelationKinds = [CorrelationKind.CramerV] });
        using var json = JsonDocument.Parse(QualityJsonWriter.Write(result));
        var y = json.RootElement.GetProperty("current_columns")[1];
        Assert.Equal("numerical", y.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, y.GetProperty("numeric").GetProperty("mean").ValueKind);
        Assert.Equal(1, y.GetProperty("numeric").GetProperty("infinite_count").GetInt32());
        Assert.Equal("cramer_v", json.RootElement.GetProperty("current_correlations")[0].GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("reference").ValueKind);
    }

    [Fact]
    public void Current_Paths_NameColumnStatistics()
    {
        var values = QualityMetricPaths.Current(DataQualityReport.Compute(Data(0, "z")));
        Assert.Equal(6, values["quality.row_count"]);
        Assert.Equal(1.0 / 6, values["quality.columns.x.missing_share"]);
        Assert.Equal(0.5, values["quality.columns.c.labels.a.share"]);
    }
}
