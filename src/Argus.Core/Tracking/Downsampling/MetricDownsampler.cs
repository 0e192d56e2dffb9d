using System.Buffers;
using System.Globalization;
using Argus.Core.Errors;

namespace Argus.Core.Tracking.Downsampling;

/// <summary>
/// Thins a metric history to at most <c>maxPoints</c> points for a chart, with <see cref="Lttb"/> over
/// the finite values ordered by the chosen x axis.
/// </summary>
/// <remarks>
/// NaN and ±Infinity values (MLflow allows them; a NaN loss is a diverged run) have no place on a
/// y scale, so LTTB cannot weigh them: they are kept aside and kept whole — every one of them — as long
/// as they take at most half of <c>maxPoints</c>; LTTB gets the rest of the budget. When there are more,
/// the budget is split (finite points get what they need, at least half) and the non-finite points kept
/// are evenly spaced among them, their first and last included. Either way the first and last points of
/// the history stay, and the reply is ordered by x (ties keep the history's order).
/// </remarks>
internal static class MetricDownsampler
{
    /// <summary>Points kept when the request names no limit.</summary>
    public const int DefaultMaxPoints = 1000;

    /// <summary>Smallest accepted <c>max_points</c>.</summary>
    public const int MinMaxPoints = 10;

    /// <summary>Largest accepted <c>max_points</c>: as many as one get-history page.</summary>
    public const int MaxMaxPoints = 100_000;

    /// <summary><paramref name="maxPoints"/> (or the default), or an INVALID_PARAMETER_VALUE error if out of bounds.</summary>
    public static int MaxPoints(int? maxPoints)
    {
        var value = maxPoints ?? DefaultMaxPoints;
        if (value is < MinMaxPoints or > MaxMaxPoints)
        {
            throw ArgusException.InvalidParameter(
                $"Invalid value {value.ToString(CultureInfo.InvariantCulture)} for parameter 'max_points' supplied. " +
                $"It must be an integer from {MinMaxPoints.ToString(CultureInfo.InvariantCulture)} to {MaxMaxPoints.ToString(CultureInfo.InvariantCulture)}.");
        }

        return value;
    }

    /// <summary>The axis named by <c>x_axis</c> (<c>step</c>, the default, or <c>timestamp</c>).</summary>
    public static MetricAxis Axis(string? text) => text switch
    {
        null or "" or "step" => MetricAxis.Step,
        "timestamp" => MetricAxis.Timestamp,
        _ => throw ArgusException.InvalidParameter($"Invalid value \"{text}\" for parameter 'x_axis' supplied: expected step or timestamp."),
    };

    /// <summary>
    /// At most <paramref name="maxPoints"/> points of a run's metric history. A store that can hand the history over
    /// as columns (<see cref="IMetricSeriesSource"/>) does, so no <see cref="Metric"/> is made for the points left out;
    /// with a <paramref name="cache"/>, a long history whose point count has not changed since it was last downsampled
    /// is not read again.
    /// </summary>
    public static async Task<IReadOnlyList<Metric>> DownsampleAsync(
        ITrackingStore store, string runId, string metricKey, int maxPoints, MetricAxis axis, CancellationToken cancellationToken,
        DownsampleCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store is IMetricSeriesSource source)
        {
            if (cache is not null && cache.TryGet(runId, metricKey, maxPoints, axis, out var counted, out var held)
                && await source.CountMetricPointsAsync(runId, metricKey, cancellationToken).ConfigureAwait(false) == counted)
            {
                return held;
            }

            using var series = await source.ReadMetricSeriesAsync(runId, metricKey, cancellationToken).ConfigureAwait(false);
            var kept = Downsample(series, maxPoints, axis);
            cache?.Set(runId, metricKey, maxPoints, axis, series.Count, kept);
            return kept;
        }

        var history = await store.GetMetricHistoryAsync(runId, metricKey, null, null, cancellationToken).ConfigureAwait(false);
        return Downsample(history.Items, maxPoints, axis);
    }

    /// <summary>
    /// At most <paramref name="maxPoints"/> points of <paramref name="history"/>; a history that already
    /// fits is returned as it is (same list, same order).
    /// </summary>
    public static IReadOnlyList<Metric> Downsample(IReadOnlyList<Metric> history, int maxPoints, MetricAxis axis)
    {
        // Four leaves room for first and last on each side of the split below.
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 4);
        if (history.Count <= maxPoints)
        {
            return history;
        }

        using var series = MetricSeries.Of(history, history[0].Key);
        return Downsample(series, maxPoints, axis);
    }

    /// <summary>At most <paramref name="maxPoints"/> points of <paramref name="series"/>, as <see cref="Downsample(IReadOnlyList{Metric}, int, MetricAxis)"/>.</summary>
    public static IReadOnlyList<Metric> Downsample(MetricSeries series, int maxPoints, MetricAxis axis)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 4);
        var n = series.Count;
        if (n <= maxPoints)
        {
            var all = new List<Metric>(n);
            for (var i = 0; i < n; i++)
            {
                all.Add(series[i]);
            }

            return all;
        }

        var order = ArrayPool<int>.Shared.Rent(n);
        var x = ArrayPool<double>.Shared.Rent(n);
        var y = ArrayPool<double>.Shared.Rent(n);
        var finite = ArrayPool<int>.Shared.Rent(n);
        var nonFinite = ArrayPool<int>.Shared.Rent(n);
        var picked = ArrayPool<int>.Shared.Rent(maxPoints);
        try
        {
            var xs = axis == MetricAxis.Step ? series.Steps : series.Timestamps;
            var values = series.Values;
            Order(xs, order.AsSpan(0, n));

            // Split by value, each side in x order; `finite`/`nonFinite` hold positions in `order`.
            int f = 0, m = 0;
            for (var i = 0; i < n; i++)
            {
                var point = order[i];
                var value = values[point];
                if (double.IsFinite(value))
                {
                    x[f] = xs[point];
                    y[f] = value;
                    finite[f++] = i;
                }
                else
                {
                    nonFinite[m++] = i;
                }
            }

            var half = maxPoints / 2;
            var finiteBudget = m <= half ? maxPoints - m : Math.Min(f, maxPoints - half);
            var nonFiniteBudget = maxPoints - Math.Min(finiteBudget, f);

            var keptFinite = f == 0 ? 0 : Lttb.Select(x.AsSpan(0, f), y.AsSpan(0, f), Math.Max(finiteBudget, 2), picked);
            for (var i = 0; i < keptFinite; i++)
            {
                picked[i] = finite[picked[i]];
            }

            // Merge the finite picks with the evenly spaced non-finite ones, both ascending positions.
            var keptNonFinite = Math.Min(m, nonFiniteBudget);
            var result = new List<Metric>(keptFinite + keptNonFinite);
            var p = 0;
            for (var k = 0; k < keptNonFinite; k++)
            {
                var position = nonFinite[EvenIndex(k, keptNonFinite, m)];
                while (p < keptFinite && picked[p] < position)
                {
                    result.Add(series[order[picked[p++]]]);
                }

                result.Add(series[order[position]]);
            }

            while (p < keptFinite)
            {
                result.Add(series[order[picked[p++]]]);
            }

            return result;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(order);
            ArrayPool<double>.Shared.Return(x);
            ArrayPool<double>.Shared.Return(y);
            ArrayPool<int>.Shared.Return(finite);
            ArrayPool<int>.Shared.Return(nonFinite);
            ArrayPool<int>.Shared.Return(picked);
        }
    }

    // The k-th of `count` indices spread evenly over [0, total), first and last included.
    private static int EvenIndex(int k, int count, int total) =>
        count == total ? k : count == 1 ? 0 : (int)((long)k * (total - 1) / (count - 1));

    // Indices of the history in x order, ties in their original order. The store already returns
    // step order, and timestamps usually grow with steps, so the sort is mostly skipped.
    private static void Order(ReadOnlySpan<long> xs, Span<int> order)
    {
        var sorted = true;
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            if (i > 0 && xs[i] < xs[i - 1])
            {
                sorted = false;
            }
        }

        if (!sorted)
        {
            var keys = xs.ToArray();
            order.Sort((a, b) =>
            {
                var c = keys[a].CompareTo(keys[b]);
                return c != 0 ? c : a.CompareTo(b);
            });
        }
    }
}
