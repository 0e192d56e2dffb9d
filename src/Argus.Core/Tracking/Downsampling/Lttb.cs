namespace Argus.Core.Tracking.Downsampling;

/// <summary>
/// Largest-Triangle-Three-Buckets (Steinarsson 2013, "Downsampling Time Series for Visual
/// Representation", §4.2): keeps the first and the last point and, from each of
/// <c>threshold − 2</c> buckets of equal count between them, the point forming the largest triangle
/// with the point kept from the previous bucket and the average of the next bucket. Bucket bounds
/// are the paper's <c>⌊k·(n − 2)/(threshold − 2)⌋ + 1</c>, computed in integers so they are exact.
/// </summary>
/// <remarks>
/// Input must be sorted by x (ties allowed) and every x and y finite; both are checked in one pass
/// and violations throw <see cref="ArgumentException"/>. Callers with NaN or ±Infinity values decide
/// what to do with them first (<see cref="MetricDownsampler"/> keeps them aside).
/// </remarks>
internal static class Lttb
{
    /// <summary>
    /// Writes the indices of the kept points, ascending, into <paramref name="selected"/> and returns
    /// how many there are: <c>min(threshold, n)</c>. When <paramref name="threshold"/> ≥ n every index is kept.
    /// </summary>
    /// <param name="x">Point abscissae, non-decreasing, finite.</param>
    /// <param name="y">Point ordinates, finite; same length as <paramref name="x"/>.</param>
    /// <param name="threshold">Points to keep, at least 2 (2 keeps the first and the last).</param>
    /// <param name="selected">Room for <c>min(threshold, n)</c> indices.</param>
    public static int Select(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int threshold, Span<int> selected)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"x has {x.Length} points but y has {y.Length}.", nameof(y));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 2);
        var n = x.Length;
        var kept = Math.Min(threshold, n);
        if (selected.Length < kept)
        {
            throw new ArgumentException($"selected has room for {selected.Length} indices but {kept} are kept.", nameof(selected));
        }

        CheckInput(x, y);
        if (threshold >= n)
        {
            for (var i = 0; i < n; i++)
            {
                selected[i] = i;
            }

            return n;
        }

        selected[0] = 0;
        var buckets = threshold - 2;
        var a = 0;
        var bucketStart = 1;
        for (var b = 0; b < buckets; b++)
        {
            var bucketEnd = BucketStart(b + 1, n, buckets);

            // The third vertex: the average of the next bucket (for the last bucket, the last point).
            var nextEnd = b + 1 < buckets ? BucketStart(b + 2, n, buckets) : n;
            double sumX = 0, sumY = 0;
            for (var j = bucketEnd; j < nextEnd; j++)
            {
                sumX += x[j];
                sumY += y[j];
            }

            var count = nextEnd - bucketEnd;
            var avgX = sumX / count;
            var avgY = sumY / count;

            // Twice the triangle's area: the ½ does not change which point wins.
            double ax = x[a], ay = y[a];
            var maxArea = -1.0;
            var chosen = bucketStart;
            for (var j = bucketStart; j < bucketEnd; j++)
            {
                var area = Math.Abs(((ax - avgX) * (y[j] - ay)) - ((ax - x[j]) * (avgY - ay)));
                if (area > maxArea)
                {
                    maxArea = area;
                    chosen = j;
                }
            }

            selected[b + 1] = chosen;
            a = chosen;
            bucketStart = bucketEnd;
        }

        selected[threshold - 1] = n - 1;
        return threshold;
    }

    // First index of bucket k of `buckets` over the n − 2 points between the first and the last.
    private static int BucketStart(int k, int n, int buckets) => 1 + (int)((long)k * (n - 2) / buckets);

    private static void CheckInput(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
            {
                throw new ArgumentException($"Point {i} is not finite (x {x[i]}, y {y[i]}).", nameof(x));
            }

            if (i > 0 && x[i] < x[i - 1])
            {
                throw new ArgumentException($"x must be sorted: x[{i}] = {x[i]} < x[{i - 1}] = {x[i - 1]}.", nameof(x));
            }
        }
    }
}
