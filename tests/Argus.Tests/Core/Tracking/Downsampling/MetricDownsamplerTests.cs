using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Downsampling;

namespace Argus.Tests.Core.Tracking.Downsampling;

public sealed class MetricDownsamplerTests
{
    [Fact]
    public void Downsample_HistoryThatFits_ReturnsTheSameList()
    {
        var history = Series(100, i => i);

        Assert.Same(history, MetricDownsampler.Downsample(history, 100, MetricAxis.Step));
    }

    [Fact]
    public void Downsample_FiniteHistory_IsLttbOverStepAndValue()
    {
        var random = new Random(11);
        var history = Series(20_000, _ => random.NextDouble());
        var x = history.Select(m => (double)m.Step).ToArray();
        var y = history.Select(m => m.Value).ToArray();
        var expected = new int[500];
        Lttb.Select(x, y, 500, expected);

        var kept = MetricDownsampler.Downsample(history, 500, MetricAxis.Step);

        Assert.Equal(expected.Select(i => history[i]), kept);
    }

    [Fact]
    public void Downsample_FewNonFinite_KeepsEveryOneAndStillReturnsMaxPoints()
    {
        var history = Series(10_000, i => i % 1000 == 500 ? double.NaN : i == 7777 ? double.PositiveInfinity : i == 3 ? double.NegativeInfinity : Math.Sin(i));

        var kept = MetricDownsampler.Downsample(history, 100, MetricAxis.Step);

        Assert.Equal(100, kept.Count);
        Assert.Equal(12, kept.Count(m => !double.IsFinite(m.Value)));
        Assert.Contains(kept, m => m.Step == 7777 && double.IsPositiveInfinity(m.Value));
        Assert.Contains(kept, m => m.Step == 3 && double.IsNegativeInfinity(m.Value));
        Assert.Equal(history[0], kept[0]);
        Assert.Equal(history[^1], kept[^1]);
        AssertAscending(kept, m => m.Step);
    }

    [Fact]
    public void Downsample_MostlyNaN_SplitsTheBudgetAndKeepsBothEnds()
    {
        // NaN first and last, and 60% of the points.
        var history = Series(10_000, i => i % 5 < 3 || i == 9_999 ? double.NaN : i);

        var kept = MetricDownsampler.Downsample(history, 100, MetricAxis.Step);

        Assert.Equal(100, kept.Count);
        Assert.Equal(50, kept.Count(m => double.IsNaN(m.Value)));
        Assert.Equal(history[0].Step, kept[0].Step);
        Assert.Equal(history[^1].Step, kept[^1].Step);
        AssertAscending(kept, m => m.Step);
    }

    [Fact]
    public void Downsample_AllNaN_KeepsEvenlySpacedPoints()
    {
        var history = Series(1001, _ => double.NaN);

        var kept = MetricDownsampler.Downsample(history, 11, MetricAxis.Step);

        Assert.Equal(Enumerable.Range(0, 11).Select(k => (long)k * 100), kept.Select(m => m.Step));
    }

    [Fact]
    public void Downsample_TimestampAxis_OrdersByTimestampThenHistoryOrder()
    {
        // Timestamps go backwards every other thousand steps, with ties.
        var history = Enumerable.Range(0, 5000)
            .Select(i => new Metric("m", i == 2500 ? 1e9 : 0, 1_000_000 + ((i / 1000 % 2 == 0 ? i : 5000 - i) / 2), i)).ToList();

        var kept = MetricDownsampler.Downsample(history, 50, MetricAxis.Timestamp);

        Assert.Equal(50, kept.Count);
        Assert.Contains(kept, m => m.Step == 2500);
        var byTimestamp = history.OrderBy(m => m.Timestamp).ToList(); // OrderBy is stable
        Assert.Equal(byTimestamp[0], kept[0]);
        Assert.Equal(byTimestamp[^1], kept[^1]);
        for (var i = 1; i < kept.Count; i++)
        {
            Assert.True(byTimestamp.IndexOf(kept[i - 1]) < byTimestamp.IndexOf(kept[i]));
        }
    }

    [Theory]
    [InlineData(9)]
    [InlineData(100_001)]
    [InlineData(0)]
    [InlineData(-5)]
    public void MaxPoints_OutOfBounds_IsInvalidParameter(int value)
    {
        var e = Assert.Throws<ArgusException>(() => MetricDownsampler.MaxPoints(value));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
    }

    [Fact]
    public void MaxPoints_Missing_IsTheDefault() => Assert.Equal(1000, MetricDownsampler.MaxPoints(null));

    [Fact]
    public void Axis_Unknown_IsInvalidParameter() =>
        Assert.Equal(ErrorCode.InvalidParameterValue, Assert.Throws<ArgusException>(() => MetricDownsampler.Axis("wall")).Code);

    private static List<Metric> Series(int n, Func<int, double> value) =>
        [.. Enumerable.Range(0, n).Select(i => new Metric("m", value(i), 1_700_000_000_000 + i, i))];

    private static void AssertAscending(IReadOnlyList<Metric> points, Func<Metric, long> x)
    {
        for (var i = 1; i < points.Count; i++)
        {
            Assert.True(x(points[i - 1]) <= x(points[i]), $"Point {i} is out of order.");
        }
    }
}
