using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Quality;

namespace Argus.Tests.Core.Monitoring.Quality;

public sealed class DatasetStatisticsTests
{
    [Fact]
    public void Compute_ColumnsOfDifferentLength_Throws()
    {
        var e = Assert.Throws<ArgusException>(() => DatasetStatistics.Compute(
            [QualityColumn.Numeric("a", new[] { 1.0, 2.0 }), QualityColumn.Numeric("b", new[] { 1.0 })]));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
    }

    [Fact]
    public void Compute_RowsEqualWithNaNAndSignedZero_CountedAsDuplicates()
    {
        var stats = DatasetStatistics.Compute(
        [
            QualityColumn.Numeric("a", new[] { double.NaN, double.NaN, 0.0, -0.0, 1.0 }),
            QualityColumn.Categorical("b", new[] { 0, 0, -1, -1, 1 }, ["x", "y"]),
        ]);
        Assert.Equal(2, stats.DuplicatedRowCount);
        Assert.Equal(0, stats.EmptyRowCount);
    }

    [Fact]
    public void Compute_ThreeIdenticalColumns_CountsThreePairs()
    {
        double[] values = [1, 2, double.NaN, 4];
        var stats = DatasetStatistics.Compute(
            [QualityColumn.Numeric("a", values), QualityColumn.Numeric("b", values), QualityColumn.Numeric("c", values)]);
        Assert.Equal(3, stats.DuplicatedColumnCount);
        Assert.Equal(0, stats.AlmostDuplicatedColumnCount);
    }

    [Fact]
    public void Compute_SameValuesDifferentTypes_NotDuplicated()
    {
        double[] values = [1, 2, 3];
        var stats = DatasetStatistics.Compute(
            [QualityColumn.Numeric("a", values), QualityColumn.Numeric("t", values, ColumnType.Datetime)]);
        Assert.Equal(0, stats.DuplicatedColumnCount);
        Assert.Equal(1, stats.NumericalColumnCount);
        Assert.Equal(1, stats.DatetimeColumnCount);
    }

    [Fact]
    public void Compute_AllMissingColumn_EmptyAndConstantButNotAlmostConstant()
    {
        var stats = DatasetStatistics.Compute([QualityColumn.Numeric("a", new[] { double.NaN, double.NaN })]);
        Assert.Equal(1, stats.EmptyColumnCount);
        Assert.Equal(1, stats.ConstantColumnCount);
        Assert.Equal(0, stats.AlmostConstantColumnCount);
        Assert.Equal(2, stats.MissingValueCount);
        Assert.Equal(1.0, stats.MissingValueShare);
    }

    [Fact]
    public void Compute_ManyRows_DuplicatesFoundByHash()
    {
        const int n = 200_000;
        var a = new double[n];
        var b = new int[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = i % 1000;
            b[i] = i % 3;
        }

        var stats = DatasetStatistics.Compute([QualityColumn.Numeric("a", a), QualityColumn.Categorical("b", b, ["p", "q", "r"])]);
        Assert.Equal(n - 3000, stats.DuplicatedRowCount);
    }
}
