using Argus.Core.Tracking;
using Argus.Core.Tracking.Downsampling;

namespace Argus.Tests.Core.Tracking.Downsampling;

public sealed class MetricSeriesTests
{
    [Fact]
    public void Add_BeyondTheCapacity_KeepsEveryPointInOrder()
    {
        using var series = new MetricSeries("loss", capacity: 1);

        for (var i = 0; i < 10_000; i++)
        {
            series.Add(i, 1_700_000_000_000 + (2 * i), i == 77 ? double.NaN : i / 10.0);
        }

        Assert.Equal(10_000, series.Count);
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => (long)i), series.Steps.ToArray());
        Assert.Equal(1_700_000_000_000 + 19_998, series.Timestamps[^1]);
        Assert.True(double.IsNaN(series.Values[77]));
        Assert.Equal(new Metric("loss", 999.9, 1_700_000_000_000 + 19_998, 9_999), series[9_999]);
    }

    [Fact]
    public void Of_History_GivesBackTheSamePoints()
    {
        var history = Enumerable.Range(0, 300).Select(i => new Metric("m", Math.Sin(i), 1_000 - i, i / 2)).ToList();

        using var series = MetricSeries.Of(history, "m");

        Assert.Equal(history, Enumerable.Range(0, series.Count).Select(i => series[i]));
    }

    [Fact]
    public void Append_AnotherSeries_FollowsTheFirstAndGrowsAsNeeded()
    {
        using var first = new MetricSeries("m", capacity: 2);
        using var second = new MetricSeries("m", capacity: 1);
        first.Add(1, 10, 0.5);
        for (var i = 0; i < 1000; i++)
        {
            second.Add(i + 2, i + 20, i);
        }

        first.Append(second);

        Assert.Equal(1001, first.Count);
        Assert.Equal(new Metric("m", 0.5, 10, 1), first[0]);
        Assert.Equal(new Metric("m", 999, 1019, 1001), first[1000]);
        Assert.Equal(1000, second.Count);
    }

    [Fact]
    public void Indexer_PastTheCount_Throws()
    {
        using var series = new MetricSeries("m");
        series.Add(0, 0, 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => series[1]);
    }

    [Fact]
    public void Dispose_Twice_IsHarmlessAndAddAfterwardsThrows()
    {
        var series = new MetricSeries("m");
        series.Add(0, 0, 1);

        series.Dispose();
        series.Dispose();

        Assert.Equal(0, series.Count);
        Assert.Throws<ObjectDisposedException>(() => series.Add(1, 1, 1));
    }
}
