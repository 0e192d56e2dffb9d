using System.Text.Json;
using Argus.Core.Monitoring.Drift;

namespace Argus.Tests.Core.Monitoring.Drift;

public sealed class DatasetDriftJsonTests
{
    [Fact]
    public void ToJson_Result_EvidentlyFieldNamesAndNaNAsNull()
    {
        var result = new DatasetDriftResult(true, 0.5, 2, 1, 0.5,
        [
            new ColumnDriftResult("age", "num", "ks", 0.05, 0.001, true),
            new ColumnDriftResult("city", "cat", "chisquare", 0.05, double.NaN, false),
        ], []);
        const string expected = """{"dataset_drift":true,"drift_share":0.5,"number_of_columns":2,"number_of_drifted_columns":1,"share_of_drifted_columns":0.5,"columns":{"age":{"column_type":"num","stattest":"ks","threshold":0.05,"score":0.001,"drift_detected":true},"city":{"column_type":"cat","stattest":"chisquare","threshold":0.05,"score":null,"drift_detected":false}}}""";
        Assert.Equal(expected, DatasetDriftJson.ToJson(result));
    }

    [Fact]
    public void ToJson_RealScore_RoundTrips()
    {
        var pair = DriftTables.Pair(DriftTables.Num("x", DriftTables.Cycle(50, 0.1, 0.7, 1.9), DriftTables.Cycle(40, 0.2, 0.8, 2.5)));
        var result = DatasetDrift.Compute(pair.Reference, pair.Current);
        using var document = JsonDocument.Parse(DatasetDriftJson.ToJson(result, indented: true));
        var column = document.RootElement.GetProperty("columns").GetProperty("x");
        Assert.Equal(result.Columns[0].Score, column.GetProperty("score").GetDouble());
        Assert.Equal(result.Columns[0].StatTest, column.GetProperty("stattest").GetString());
    }
}
