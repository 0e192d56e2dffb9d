namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// numpy's histogram pieces that Evidently's binned tests use: <c>np.histogram_bin_edges(a, bins="sturges")</c>
/// (equal-width edges from <c>np.linspace</c>, with numpy's edge arithmetic) and <c>np.histogram(a, edges)</c> with
/// explicit edges (each bin half-open, the last one closed; values outside the edges are not counted), computed
/// on sorted data with two pointers instead of numpy's per-value search.
/// </summary>
internal static class NumpyHistogram
{
    /// <summary>
    /// <c>np.histogram_bin_edges(a, bins="sturges")</c> for data of <paramref name="size"/> values spanning
    /// [<paramref name="min"/>, <paramref name="max"/>].
    /// </summary>
    public static double[] SturgesEdges(double min, double max, long size)
    {
        double first = min, last = max;
        if (first == last)
        {
            first -= 0.5;
            last += 0.5;
        }

        var width = (max - min) / (Math.Log2(size) + 1.0);
        var bins = width != 0 ? (int)Math.Ceiling((last - first) / width) : 1;
        return Linspace(first, last, bins + 1);
    }

    /// <summary><c>np.linspace(start, stop, num)</c> with <c>endpoint=True</c>, computed as numpy computes it.</summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        var y = new double[num];
        var div = num - 1;
        var delta = stop - start;
        if (div > 0)
        {
            var step = delta / div;
            for (var i = 0; i < num; i++)
            {
                y[i] = step == 0 ? (i / (double)div * delta) + start : (i * step) + start;
            }
        }
        else
        {
            for (var i = 0; i < num; i++)
            {
                y[i] = (i * delta) + start;
            }
        }

        if (num > 1)
        {
            y[num - 1] = stop;
        }

        return y;
    }

    /// <summary><c>np.histogram(values, edges)[0]</c> for ascending <paramref name="sorted"/> values.</summary>
    public static long[] Counts(ReadOnlySpan<double> sorted, ReadOnlySpan<double> edges)
    {
        var bins = edges.Length - 1;
        var counts = new long[bins];
        var position = LowerBound(sorted, edges[0], 0);
        for (var b = 0; b < bins; b++)
        {
            var end = b == bins - 1 ? UpperBound(sorted, edges[b + 1], position) : LowerBound(sorted, edges[b + 1], position);
            counts[b] = end - position;
            position = end;
        }

        return counts;
    }

    private static int LowerBound(ReadOnlySpan<double> sorted, double value, int from)
    {
        while (from < sorted.Length && sorted[from] < value)
        {
            from++;
        }

        return from;
    }

    private static int UpperBound(ReadOnlySpan<double> sorted, double value, int from)
    {
        while (from < sorted.Length && sorted[from] <= value)
        {
            from++;
        }

        return from;
    }
}
