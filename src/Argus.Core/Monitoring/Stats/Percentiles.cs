namespace Argus.Core.Monitoring.Stats;

/// <summary>numpy's percentiles on data given as two sorted halves (the pooled sample is never materialised).</summary>
internal static class Percentiles
{
    /// <summary><c>np.percentile(pooled, 100·q)</c> with the default linear method (numpy's <c>_lerp</c>).</summary>
    public static double Linear(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double q)
    {
        var n = a.Length + b.Length;
        var virtualIndex = (n - 1) * q;
        if (virtualIndex >= n - 1)
        {
            return KthSmallest(a, b, n - 1);
        }

        var previous = Math.Floor(virtualIndex);
        var gamma = virtualIndex - previous;
        var below = KthSmallest(a, b, (long)previous);
        var above = KthSmallest(a, b, (long)previous + 1);
        var diff = above - below;
        return gamma >= 0.5 ? above - (diff * (1 - gamma)) : below + (diff * gamma);
    }

    /// <summary>The k-th smallest (0-based) of the union of two sorted spans, by binary search.</summary>
    public static double KthSmallest(ReadOnlySpan<double> a, ReadOnlySpan<double> b, long k)
    {
        // Find how many of the k+1 smallest come from a.
        var lo = Math.Max(0, k + 1 - b.Length);
        var hi = Math.Min(k + 1, a.Length);
        while (lo < hi)
        {
            var fromA = (lo + hi) / 2;
            var fromB = k + 1 - fromA;
            if (fromB > 0 && fromA < a.Length && a[(int)fromA] < b[(int)(fromB - 1)])
            {
                lo = fromA + 1;
            }
            else
            {
                hi = fromA;
            }
        }

        var takeA = lo;
        var takeB = k + 1 - takeA;
        var lastA = takeA > 0 ? a[(int)(takeA - 1)] : double.NegativeInfinity;
        var lastB = takeB > 0 ? b[(int)(takeB - 1)] : double.NegativeInfinity;
        return Math.Max(lastA, lastB);
    }
}
