using Argus.Core.Monitoring.Quality;

namespace Argus.Tests.Core.Monitoring.Quality;

public sealed class CorrelationTests
{
    [Fact]
    public void Pearson_ConstantOnCompleteRows_NaN()
    {
        Assert.True(double.IsNaN(Correlation.Pearson([0.1, 0.1, 0.1, 5], [1, 2, 3, double.NaN])));
    }

    [Fact]
    public void Pearson_InfinityTreatedAsMissing_SameAsDroppedRow()
    {
        var withInfinity = Correlation.Pearson([1, 2, 3, 4, double.PositiveInfinity], [2, 1, 4, 3, 100]);
        var dropped = Correlation.Pearson([1, 2, 3, 4], [2, 1, 4, 3]);
        Assert.Equal(dropped, withInfinity);
    }

    [Fact]
    public void SpearmanAndKendall_PerfectlyMonotone_One()
    {
        double[] x = [1, 2, 2, 3, 10];
        double[] y = [-5, 0, 0, 7, 8];
        Assert.Equal(1.0, Correlation.Spearman(x, y), 12);
        Assert.Equal(1.0, Correlation.KendallTauB(x, y), 12);
        Assert.Equal(-1.0, Correlation.KendallTauB(x, [8, 7, 7, 0, -5]), 12);
    }

    [Fact]
    public void CramersV_OneLabelOnCompleteRows_NaN()
    {
        Assert.True(double.IsNaN(Correlation.CramersV([0, 0, 1], 2, [0, 1, -1], 2)));
    }

    [Fact]
    public void CramersV_IdenticalColumns_One()
    {
        int[] x = [0, 1, 2, 0, 1, 2];
        Assert.Equal(1.0, Correlation.CramersV(x, 3, x, 3), 12);
    }

    [Fact]
    public void Top_LargestAbsoluteChangesFirst_SkipsNaNAndUnmatchedColumns()
    {
        var reference = new CorrelationMatrix(CorrelationKind.Pearson, ["a", "b", "c", "d"],
        [
            [1, 0.1, 0.5, 0.0],
            [0.1, 1, double.NaN, 0.2],
            [0.5, double.NaN, 1, 0.3],
            [0.0, 0.2, 0.3, 1],
        ]);
        var current = new CorrelationMatrix(CorrelationKind.Pearson, ["a", "b", "c", "e"],
        [
            [1, -0.7, 0.6, 0.9],
            [-0.7, 1, 0.4, 0.9],
            [0.6, 0.4, 1, 0.9],
            [0.9, 0.9, 0.9, 1],
        ]);
        var top = CorrelationChanges.Top(reference, current, 5);
        Assert.Equal(2, top.Count);
        Assert.Equal(("a", "b"), (top[0].ColumnA, top[0].ColumnB));
        Assert.Equal(-0.8, top[0].Change, 12);
        Assert.Equal(("a", "c"), (top[1].ColumnA, top[1].ColumnB));
    }
}
