using Argus.Core.Tracking;
using Argus.Core.Tracking.Downsampling;

namespace Argus.Tests.Core.Tracking.Downsampling;

public sealed class DownsampleCacheTests
{
    private static IReadOnlyList<Metric> Points(int n, double value = 1) =>
        Enumerable.Range(0, n).Select(i => new Metric("loss", value, 1_700_000_000_000 + i, i)).ToList();

    [Fact]
    public void Set_ShortHistory_NotHeld()
    {
        var cache = new DownsampleCache(minHistoryPoints: 1000);

        cache.Set("run", "loss", 100, MetricAxis.Step, historyPoints: 999, Points(100));

        Assert.False(cache.TryGet("run", "loss", 100, MetricAxis.Step, out _, out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void TryGet_KeyedByRunMetricSizeAndAxis()
    {
        var cache = new DownsampleCache(minHistoryPoints: 10);
        var points = Points(100);

        cache.Set("run", "loss", 100, MetricAxis.Step, 5000, points);

        Assert.True(cache.TryGet("run", "loss", 100, MetricAxis.Step, out var counted, out var held));
        Assert.Equal(5000, counted);
        Assert.Same(points, held);
        Assert.False(cache.TryGet("run", "loss", 100, MetricAxis.Timestamp, out _, out _));
        Assert.False(cache.TryGet("run", "loss", 200, MetricAxis.Step, out _, out _));
        Assert.False(cache.TryGet("run", "acc", 100, MetricAxis.Step, out _, out _));
        Assert.False(cache.TryGet("other", "loss", 100, MetricAxis.Step, out _, out _));
    }

    [Fact]
    public void Set_OverTheBudget_DropsTheLeastRecentlyUsed()
    {
        var cache = new DownsampleCache(minHistoryPoints: 10, maxHeldPoints: 250);
        cache.Set("a", "loss", 100, MetricAxis.Step, 1000, Points(100));
        cache.Set("b", "loss", 100, MetricAxis.Step, 1000, Points(100));
        Assert.True(cache.TryGet("a", "loss", 100, MetricAxis.Step, out _, out _)); // a is now the most recent

        cache.Set("c", "loss", 100, MetricAxis.Step, 1000, Points(100));

        Assert.True(cache.TryGet("a", "loss", 100, MetricAxis.Step, out _, out _));
        Assert.False(cache.TryGet("b", "loss", 100, MetricAxis.Step, out _, out _));
        Assert.True(cache.TryGet("c", "loss", 100, MetricAxis.Step, out _, out _));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Set_SameKey_ReplacesAndKeepsTheCountOfHeldPointsRight()
    {
        var cache = new DownsampleCache(minHistoryPoints: 10, maxHeldPoints: 200);
        for (var i = 0; i < 50; i++)
        {
            cache.Set("a", "loss", 100, MetricAxis.Step, 1000 + i, Points(100, i));
        }

        cache.Set("b", "loss", 100, MetricAxis.Step, 1000, Points(100));

        // Had replaced entries been counted, b would have pushed a out.
        Assert.True(cache.TryGet("a", "loss", 100, MetricAxis.Step, out var counted, out var held));
        Assert.Equal(1049, counted);
        Assert.Equal(49, held[0].Value);
        Assert.True(cache.TryGet("b", "loss", 100, MetricAxis.Step, out _, out _));
    }
}
