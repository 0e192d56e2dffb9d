using System.Buffers;

namespace Argus.Core.Tracking.Downsampling;

/// <summary>
/// One metric's history as three columns — step, timestamp, value — in arrays rented from
/// <see cref="ArrayPool{T}.Shared"/>, in history order. This is what downsampling reads: a million points cost three
/// arrays instead of a list of a million <see cref="Metric"/>s. <see cref="Dispose"/> returns the arrays.
/// </summary>
internal sealed class MetricSeries : IDisposable
{
    private long[] _steps;
    private long[] _timestamps;
    private double[] _values;
    private bool _disposed;

    public MetricSeries(string key, int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Key = key;
        _steps = ArrayPool<long>.Shared.Rent(capacity);
        _timestamps = ArrayPool<long>.Shared.Rent(capacity);
        _values = ArrayPool<double>.Shared.Rent(capacity);
    }

    /// <summary>The metric's key, the same for every point.</summary>
    public string Key { get; }

    public int Count { get; private set; }

    public ReadOnlySpan<long> Steps => _steps.AsSpan(0, Count);

    public ReadOnlySpan<long> Timestamps => _timestamps.AsSpan(0, Count);

    public ReadOnlySpan<double> Values => _values.AsSpan(0, Count);

    /// <summary>Point <paramref name="index"/> as a <see cref="Metric"/>.</summary>
    public Metric this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return new Metric(Key, _values[index], _timestamps[index], _steps[index]);
        }
    }

    /// <summary>The columns of <paramref name="history"/>, whose points all have the key <paramref name="key"/>.</summary>
    public static MetricSeries Of(IReadOnlyList<Metric> history, string key)
    {
        var series = new MetricSeries(key, Math.Max(1, history.Count));
        for (var i = 0; i < history.Count; i++)
        {
            var point = history[i];
            series.Add(point.Step, point.Timestamp, point.Value);
        }

        return series;
    }

    public void Add(long step, long timestamp, double value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Count == _steps.Length)
        {
            Grow(Count + 1);
        }

        _steps[Count] = step;
        _timestamps[Count] = timestamp;
        _values[Count] = value;
        Count++;
    }

    /// <summary>Adds every point of <paramref name="other"/> after this series' points.</summary>
    public void Append(MetricSeries other)
    {
        ArgumentNullException.ThrowIfNull(other);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Count + other.Count > _steps.Length)
        {
            Grow(Count + other.Count);
        }

        other.Steps.CopyTo(_steps.AsSpan(Count));
        other.Timestamps.CopyTo(_timestamps.AsSpan(Count));
        other.Values.CopyTo(_values.AsSpan(Count));
        Count += other.Count;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ArrayPool<long>.Shared.Return(_steps);
        ArrayPool<long>.Shared.Return(_timestamps);
        ArrayPool<double>.Shared.Return(_values);
        _steps = _timestamps = [];
        _values = [];
        Count = 0;
    }

    private void Grow(int needed)
    {
        var capacity = Math.Max(needed, checked(_steps.Length * 2));
        _steps = Regrow(_steps, capacity, Count);
        _timestamps = Regrow(_timestamps, capacity, Count);
        _values = Regrow(_values, capacity, Count);
    }

    private static T[] Regrow<T>(T[] old, int capacity, int count)
    {
        var grown = ArrayPool<T>.Shared.Rent(capacity);
        old.AsSpan(0, count).CopyTo(grown);
        ArrayPool<T>.Shared.Return(old);
        return grown;
    }
}
