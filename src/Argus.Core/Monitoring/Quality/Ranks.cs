using System.Buffers;

namespace Argus.Core.Monitoring.Quality;

/// <summary>Rank kernels for Spearman and Kendall: average ranks by one sort, discordant pairs by merge sort.</summary>
internal static class Ranks
{
    /// <summary>
    /// Writes twice the 1-based average rank of each value (ties share the mean of their positions), so that every
    /// rank is an integer: a tie run over sorted positions i..j-1 gets i + j + 1. The values must not be NaN.
    /// </summary>
    public static void DoubledAverageRanks(ReadOnlySpan<double> values, Span<int> ranks)
    {
        var n = values.Length;
        var keys = ArrayPool<double>.Shared.Rent(Math.Max(n, 1));
        var order = ArrayPool<int>.Shared.Rent(Math.Max(n, 1));
        try
        {
            SortWithRows(values, keys.AsSpan(0, n), order.AsSpan(0, n));
            for (var i = 0; i < n;)
            {
                var j = i + 1;
                while (j < n && keys[j] == keys[i])
                {
                    j++;
                }

                var rank = i + j + 1;
                for (var k = i; k < j; k++)
                {
                    ranks[order[k]] = rank;
                }

                i = j;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(order);
        }
    }

    /// <summary>
    /// Copies <paramref name="values"/> into <paramref name="keys"/> and sorts them ascending, carrying each value's row
    /// index along in <paramref name="rows"/> (the order of equal values is unspecified).
    /// </summary>
    public static void SortWithRows(ReadOnlySpan<double> values, Span<double> keys, Span<int> rows)
    {
        values.CopyTo(keys);
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = i;
        }

        keys.Sort(rows);
    }

    /// <summary>Σ t(t − 1)/2 over the runs of equal values of a sorted span: the pairs tied with each other.</summary>
    public static long TiedPairs<T>(ReadOnlySpan<T> sorted)
        where T : IEquatable<T>
    {
        long pairs = 0;
        for (var i = 0; i < sorted.Length;)
        {
            var j = i + 1;
            while (j < sorted.Length && sorted[j].Equals(sorted[i]))
            {
                j++;
            }

            pairs += (long)(j - i) * (j - i - 1) / 2;
            i = j;
        }

        return pairs;
    }

    /// <summary>
    /// Sorts <paramref name="values"/> ascending (bottom-up merge sort) and returns the number of strict inversions,
    /// pairs i &lt; j with values[i] &gt; values[j]. <paramref name="scratch"/> needs the same length.
    /// </summary>
    public static long SortCountingInversions(Span<int> values, Span<int> scratch)
    {
        var n = values.Length;
        long inversions = 0;
        var source = values;
        var target = scratch;
        for (var width = 1; width < n; width *= 2)
        {
            for (var start = 0; start < n; start += 2 * width)
            {
                var mid = Math.Min(start + width, n);
                var end = Math.Min(start + (2 * width), n);
                int i = start, j = mid, k = start;
                while (i < mid && j < end)
                {
                    if (source[j] < source[i])
                    {
                        inversions += mid - i;
                        target[k++] = source[j++];
                    }
                    else
                    {
                        target[k++] = source[i++];
                    }
                }

                while (i < mid)
                {
                    target[k++] = source[i++];
                }

                while (j < end)
                {
                    target[k++] = source[j++];
                }
            }

            var swap = source;
            source = target;
            target = swap;
        }

        if (source != values)
        {
            source.CopyTo(values);
        }

        return inversions;
    }
}
