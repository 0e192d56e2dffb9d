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
    public void CreatePooled_CleansInPlaceLikeCreate_AndDisposeEndsUse()
    {
        var random = new LegacyRandomState(5);
        var reference = System.Buffers.ArrayPool<double>.Shared.Rent(9000);
        var current = System.Buffers.ArrayPool<double>.Shared.Rent(7000);
        for (var i = 0; i < 9000; i++)
        {
            reference[i] = i % 101 == 0 ? double.NaN : random.NextDouble() - (i % 2 == 0 ? 0.5 : 0);
        }

        for (var i = 0; i < 7000; i++)
        {
            current[i] = i % 77 == 0 ? double.NegativeInfinity : random.NextDouble();
        }

        var plain = NumericSamples.Create(reference.AsSpan(0, 9000), current.AsSpan(0, 7000));
        var pooled = NumericSamples.CreatePooled(reference, 9000, current, 7000);
        Assert.Equal(plain.Reference.ToArray(), pooled.Reference.ToArray());
        Assert.Equal(plain.Current.ToArray(), pooled.Current.ToArray());
        Assert.Equal(plain.SortedReference.ToArray(), pooled.SortedReference.ToArray());
        Assert.Equal(plain.SortedCurrent.ToArray(), pooled.SortedCurrent.ToArray());
        Assert.Equal(StatTests.Wasserstein.Run(plain).Score, StatTests.Wasserstein.Run(pooled).Score);
        Assert.Equal(StatTests.Ks.Run(plain).Score, StatTests.Ks.Run(pooled).Score);
        pooled.Dispose();
        pooled.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pooled.Reference.Length);
    }

    [Fact]
    public void CreatePooled_SideEmptyAfterCleaning_Throws()
    {
        var reference = System.Buffers.ArrayPool<double>.Shared.Rent(2);
        var current = System.Buffers.ArrayPool<double>.Shared.Rent(2);
        reference[0] = double.NaN;
        current[0] = 1;
        var error = Assert.Throws<ArgusException>(() => NumericSamples.CreatePooled(reference, 1, current, 1, "age"));
        Assert.Contains("in the reference data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CategoricalCreate_NoValueOnOneSide_Throws()
    {
        var error = Assert.Throws<ArgusException>(() => CategoricalSamples.Create([0, 1], [-1, -1], 2, column: "city"));
        Assert.Contains("'city'", error.Message, StringComparison.Ordinal);
    }
}
