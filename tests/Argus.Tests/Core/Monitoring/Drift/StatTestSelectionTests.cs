using Argus.Core.Data;
using Argus.Core.Monitoring.Drift;
using static Argus.Tests.Core.Monitoring.Drift.DriftTables;

namespace Argus.Tests.Core.Monitoring.Drift;

/// <summary>Every row of docs/reference/evidently.md §2.1 and its boundaries (n_ref 1000/1001, 2/3 and 5/6 distinct values).</summary>
public sealed class StatTestSelectionTests
{
    [Theory]
    [InlineData(1000, 2, "z")]
    [InlineData(1000, 3, "chisquare")]
    [InlineData(1000, 5, "chisquare")]
    [InlineData(1000, 6, "ks")]
    [InlineData(1001, 2, "jensenshannon")]
    [InlineData(1001, 5, "jensenshannon")]
    [InlineData(1001, 6, "wasserstein")]
    public void TestColumn_Numerical_ChoosesBySizeAndDistinctValues(int referenceSize, int distinct, string expected)
    {
        var values = Enumerable.Range(0, distinct).Select(v => (double)v).ToArray();
        var (reference, current) = Num("x", Cycle(referenceSize, values), Cycle(300, values));
        Assert.Equal(expected, DatasetDrift.TestColumn(reference, current, new DriftOptions()).StatTest);
    }

    [Theory]
    [InlineData(1000, 1, "z")]
    [InlineData(1000, 2, "z")]
    [InlineData(1000, 3, "chisquare")]
    [InlineData(1001, 2, "jensenshannon")]
    [InlineData(1001, 7, "jensenshannon")]
    public void TestColumn_Categorical_ChoosesBySizeAndDistinctValues(int referenceSize, int distinct, string expected)
    {
        var labels = Enumerable.Range(0, distinct).Select(v => (string?)$"c{v}").ToArray();
        var (reference, current) = Cat("x", Cycle(referenceSize, labels), Cycle(40, labels));
        Assert.Equal(expected, DatasetDrift.TestColumn(reference, current, new DriftOptions()).StatTest);
    }

    [Fact]
    public void TestColumn_DistinctValuesOfBothSides_CountTogether()
    {
        // Two values in the reference and a third only in the current: 3 distinct, so chisquare, not z.
        var (reference, current) = Num("x", Cycle(50, 1.0, 2.0), Cycle(50, 3.0));
        Assert.Equal("chisquare", DatasetDrift.TestColumn(reference, current, new DriftOptions()).StatTest);
    }

    [Fact]
    public void TestColumn_ReferenceSizeCountedAfterDroppingMissing()
    {
        var reference = Cycle(1001, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5);
        reference[0] = double.NaN;
        var (r, c) = Num("x", reference, Cycle(10, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0));
        Assert.Equal("ks", DatasetDrift.TestColumn(r, c, new DriftOptions()).StatTest);
    }

    [Fact]
    public void TestColumn_OnlyReferenceSizeMatters_SmallCurrentStillGetsWasserstein()
    {
        var (r, c) = Num("x", Cycle(5000, 1, 2, 3, 4, 5, 6, 7), [1, 2, 3, 4, 5]);
        Assert.Equal("wasserstein", DatasetDrift.TestColumn(r, c, new DriftOptions()).StatTest);
    }

    [Theory]
    [InlineData(1000, "perc_text_content_drift")]
    [InlineData(1001, "abs_text_content_drift")]
    public void DefaultName_Text_PercentileOrAbsolute(int referenceSize, string expected)
    {
        Assert.Equal(expected, StatTestSelection.DefaultName(ColumnType.Text, referenceSize, 500));
    }

    [Fact]
    public void TestColumn_AutoZOnNumerical_UsesSortedFirstValueAsZero()
    {
        var (reference, current) = Num("x", Cycle(100, 0, 1, 1, 1), Cycle(100, 0, 1));
        var result = DatasetDrift.TestColumn(reference, current, new DriftOptions());
        Assert.Equal("z", result.StatTest);
        Assert.Equal("num", result.ColumnType);
        Assert.True(result.Score < 0.05);
    }
}
