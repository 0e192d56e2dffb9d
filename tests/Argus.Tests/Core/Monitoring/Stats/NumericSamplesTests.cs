using Argus.Core.Errors;
using Argus.Core.Monitoring.Stats;

namespace Argus.Tests.Core.Monitoring.Stats;

public sealed class NumericSamplesTests
{
    [Fact]
    public void Create_InfinitiesAndNaN_DroppedOnBothSides()
    {
        var samples = NumericSamples.Create([1, double.NaN, double.PositiveInfinity, 3, double.NegativeInfinity], [double.NaN, 2, 4]);
        Assert.Equal([1.0, 3.0], samples.Reference.ToArray());
        Assert.Equal([2.0, 4.0], samples.Current.ToArray());
        Assert.Equal(4, samples.DistinctCount);
    }

    [Fact]
    public void Create_NegativeZero_CountsAsZero()
    {
        var samples = NumericSamples.Create([-0.0, 0.0, 1], [0.0]);
        Assert.Equal(2, samples.DistinctCount);
        Assert.False(double.IsNegative(samples.Reference[0]));
    }

    [Theory]
    [InlineData(true, false, "reference")]
    [InlineData(false, true, "current")]
    [InlineData(true, true, "reference and current")]
    public void Create_SideEmptyAfterCleaning_ThrowsInvalidParameterNamingColumn(bool emptyReference, bool emptyCurrent, string side)
    {
        double[] empty = [double.NaN, double.PositiveInfinity];
        double[] values = [1, 2];
        var error = Assert.Throws<ArgusException>(() =>
            NumericSamples.Create(emptyReference ? empty : values, emptyCurrent ? empty : values, "age"));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("'age'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"in the {side} data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SortedViews_LargeColumn_RadixSortAgreesWithArraySort()
    {
        var random = new LegacyRandomState(3);
        var values = new double[20000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (random.NextDouble() - 0.5) * Math.Pow(10, (int)(random.NextDouble() * 12) - 6);
        }

        values[7] = double.MaxValue;
        values[8] = -double.MaxValue;
        values[9] = double.Epsilon;
        var expected = (double[])values.Clone();
        Array.Sort(expected);
        var samples = NumericSamples.Create(values, [1]);
        Assert.Equal(expected, samples.SortedReference.ToArray());
    }

    [Fact]
    public void CategoricalCreate_NoValueOnOneSide_Throws()
    {
        var error = Assert.Throws<ArgusException>(() => CategoricalSamples.Create([0, 1], [-1, -1], 2, column: "city"));
        Assert.Contains("'city'", error.Message, StringComparison.Ordinal);
    }
}
