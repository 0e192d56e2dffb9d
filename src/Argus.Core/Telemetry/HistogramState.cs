using System.Runtime.CompilerServices;

namespace Argus.Core.Telemetry;

/// <summary>A histogram: per tag set, a count per bucket (made cumulative when written) and the sum.</summary>
internal sealed class HistogramState : InstrumentState
{
    private readonly double[] _bounds;
    private readonly byte[][] _textBounds;
    private readonly byte[][] _openMetricsBounds;
    private readonly SeriesMap<Cell> _series;

    public HistogramState(ExpositionFamily family, long order, StrongBox<long> generation, double[] bounds)
        : base(family, order, generation)
    {
        _bounds = bounds;
        _textBounds = Array.ConvertAll(bounds, b => ExpositionWriter.FormatBound(b, ExpositionFormat.PrometheusText));
        _openMetricsBounds = Array.ConvertAll(bounds, b => ExpositionWriter.FormatBound(b, ExpositionFormat.OpenMetrics));
        var buckets = bounds.Length + 1;
        _series = new SeriesMap<Cell>(() => new Cell(buckets));
    }

    public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => Record((double)value, tags);

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var cell = _series.Get(tags);
        Interlocked.Increment(ref cell.Buckets[BucketOf(value)]);
        Add(ref cell.Sum, value);
    }

    public override void Write(ExpositionWriter writer, long generation)
    {
        var series = _series.Sorted();
        if (series.Length == 0)
        {
            return;
        }

        writer.Family(Family);
        var le = writer.Format == ExpositionFormat.OpenMetrics ? _openMetricsBounds : _textBounds;
        foreach (var (key, cell) in series)
        {
            writer.Histogram(Family, key.Labels, le, cell.Buckets, Volatile.Read(ref cell.Sum));
        }
    }

    /// <summary>The first bucket whose bound is at least the value (<c>le</c> is inclusive); NaN counts above all bounds.</summary>
    private int BucketOf(double value)
    {
        if (double.IsNaN(value))
        {
            return _bounds.Length;
        }

        var at = Array.BinarySearch(_bounds, value);
        return at >= 0 ? at : ~at;
    }

    private sealed class Cell(int buckets)
    {
        public readonly long[] Buckets = new long[buckets];
        public double Sum;
    }
}
