using Argus.Core.Data;

namespace Argus.Tests.Core.Data;

public sealed class DatasetProfileTests
{
    [Fact]
    public void Compute_Tips_NumericAndCategoricalSummaries()
    {
        var profile = DatasetProfile.Compute(DataFixtures.Tips());
        Assert.Equal(244, profile.RowCount);
        var tip = profile.Columns.Single(c => c.Name == "tip");
        Assert.Equal(ColumnType.Numerical, tip.Type);
        Assert.Equal(1.0, tip.Min);
        Assert.Equal(10.0, tip.Max);
        Assert.Equal(2.998, tip.Mean!.Value, 3);
        var day = profile.Columns.Single(c => c.Name == "day");
        Assert.Equal(4, day.DistinctCount);
        Assert.Equal(new ValueCount("Sat", 87), day.TopValues![0]);
    }

    [Fact]
    public void ToJson_RoundTrip_SameContent()
    {
        var profile = DatasetProfile.Compute(DataFixtures.Read("a,b\n1.5,x\nNA,y\n2.5,NA\n"));
        var json = profile.ToJson();
        var back = DatasetProfile.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(1, back.Columns[0].MissingCount);
        Assert.Contains("\"row_count\":3", json, StringComparison.Ordinal);
    }
}
