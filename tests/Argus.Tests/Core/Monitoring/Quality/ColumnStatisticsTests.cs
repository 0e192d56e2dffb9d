using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Quality;

namespace Argus.Tests.Core.Monitoring.Quality;

public sealed class ColumnStatisticsTests
{
    [Fact]
    public void Numeric_EmptyColumn_CountsZeroAndStatisticsNaN()
    {
        var s = ColumnStatistics.Numeric([]);
        Assert.Equal(0, s.RowCount);
        Assert.Equal(0, s.Count);
        Assert.True(double.IsNaN(s.Mean) && double.IsNaN(s.Min) && double.IsNaN(s.P50) && double.IsNaN(s.MissingShare));
        Assert.Equal(0, s.MostCommonCount);
        Assert.Empty(s.Histogram.Counts);
    }

    [Fact]
    public void Numeric_SignedZeros_OneValue()
    {
        var s = ColumnStatistics.Numeric([-0.0, 0.0, 0.0, 2.0]);
        Assert.Equal(2, s.UniqueCount);
        Assert.Equal(3, s.MostCommonCount);
        Assert.False(double.IsNegative(s.MostCommonValue));
    }

    [Fact]
    public void Categorical_CodeOutOfRange_Throws()
    {
        var e = Assert.Throws<ArgusException>(() => ColumnStatistics.Categorical([0, 2], ["a", "b"]));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
    }

    [Fact]
    public void Categorical_UnusedLabelInVocabulary_NotListed()
    {
        var s = ColumnStatistics.Categorical([0, 0, -1], ["a", "b"]);
        Assert.Equal(1, s.UniqueCount);
        Assert.Equal("a", Assert.Single(s.Labels).Label);
        Assert.Equal(2.0 / 3, s.MostCommonShare);
        Assert.Null(s.NewInCurrentCount);
    }

    [Fact]
    public void Summarize_ReferenceWithOtherLabelOrder_ComparesByLabel()
    {
        var current = QualityColumn.Categorical("c", new[] { 0, 1, 2 }, ["x", "y", "new"]);
        var reference = QualityColumn.Categorical("c", new[] { 0, 1, 2 }, ["old", "y", "x"]);
        var s = ColumnStatistics.Summarize(current, reference).Categorical!;
        Assert.Equal(["new"], s.NewInCurrent!);
        Assert.Equal(["old"], s.UnusedInCurrent!);
    }

    [Fact]
    public void QualityColumn_DuplicateLabels_Throws()
    {
        var e = Assert.Throws<ArgusException>(() => QualityColumn.Categorical("c", new[] { 0 }, ["a", "a"]));
        Assert.Contains("distinct", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTable_Strings_CodesInFirstAppearanceOrder()
    {
        var column = QualityColumn.FromTable(TableColumn.OfStrings("s", ColumnType.Categorical, ["b", null, "a", "b"]));
        Assert.Equal(["b", "a"], column.Labels!);
        Assert.Equal([0, -1, 1, 0], column.Codes.ToArray());
    }

    [Fact]
    public void Histogram_AllValuesEqual_RangeWidenedByHalf()
    {
        var h = Histogram.Compute([2.0, 2.0, double.NaN, double.PositiveInfinity], bins: 2);
        Assert.Equal([1.5, 2.0, 2.5], h.Edges);
        Assert.Equal([0L, 2L], h.Counts);
    }
}
