using System.Buffers;

namespace Argus.Core.Monitoring.Quality;

/// <summary>
/// Pairwise correlations with pandas' and Evidently's rules: numeric pairs use the rows where both values are finite
/// (pandas masks NaN and ±inf alike); categorical pairs use the rows where both codes are present. A measure that is
/// undefined (fewer than two distinct values on the used rows, or no rows) is NaN.
/// </summary>
public static class Correlation
{
    /// <summary>Pearson's r (pandas <c>Series.corr</c>; clipped to [-1, 1]).</summary>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckLengths(x.Length, y.Length);
        long m = 0;
        double sumX = 0, sumY = 0, minX = double.PositiveInfinity, maxX = double.NegativeInfinity, minY = double.PositiveInfinity, maxY = double.NegativeInfinity;
        for (var i = 0; i < x.Length; i++)
        {
            double a = x[i], b = y[i];
            if (double.IsFinite(a) && double.IsFinite(b))
            {
                m++;
                sumX += a;
                sumY += b;
                minX = Math.Min(minX, a);
                maxX = Math.Max(maxX, a);
                minY = Math.Min(minY, b);
                maxY = Math.Max(maxY, b);
            }
        }

        // A constant side makes pandas' Welford sums exactly zero, hence NaN; a two-pass mean might not be exact.
        if (m < 2 || minX == maxX || minY == maxY)
        {
            return double.NaN;
        }

        double meanX = sumX / m, meanY = sumY / m, sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            double a = x[i], b = y[i];
            if (double.IsFinite(a) && double.IsFinite(b))
            {
                var dx = a - meanX;
                var dy = b - meanY;
                sxy += dx * dy;
                sxx += dx * dx;
                syy += dy * dy;
            }
        }

        return Clip(sxy / Math.Sqrt(sxx * syy));
    }

    /// <summary>Spearman's rho with average ranks, the ranks taken over the pair's finite rows (pandas <c>corr("spearman")</c>).</summary>
    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => RankedPair(x, y, CorrelationKind.Spearman);

    /// <summary>Kendall's tau-b in O(n log n) (Knight's algorithm as in <c>scipy.stats.kendalltau</c>).</summary>
    public static double KendallTauB(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => RankedPair(x, y, CorrelationKind.Kendall);

    /// <summary>
    /// Cramér's V as Evidently computes it: <c>sqrt(chi2 / n / min(r - 1, c - 1))</c> with chi2 from
    /// <c>scipy.stats.chi2_contingency(crosstab, correction=False)</c>, over the labels that occur on rows where both
    /// codes are present. No bias correction (Bergsma's correction is not applied); NaN when either side has one label.
    /// </summary>
    public static double CramersV(ReadOnlySpan<int> x, int xLabelCount, ReadOnlySpan<int> y, int yLabelCount)
    {
        CheckLengths(x.Length, y.Length);

        // Dense indexes for the labels that occur on complete rows (pandas' crosstab has only those).
        var xIndex = new int[xLabelCount];
        var yIndex = new int[yLabelCount];
        long n = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] >= 0 && y[i] >= 0)
            {
                xIndex[x[i]] = 1;
                yIndex[y[i]] = 1;
                n++;
            }
        }

        var rows = Densify(xIndex);
        var cols = Densify(yIndex);
        if (n == 0 || rows < 2 || cols < 2)
        {
            return double.NaN;
        }

        var rowSums = new long[rows];
        var colSums = new long[cols];
        double chi2;
        if ((long)rows * cols <= 1 << 24)
        {
            var table = new long[rows * cols];
            for (var i = 0; i < x.Length; i++)
            {
                if (x[i] >= 0 && y[i] >= 0)
                {
                    var r = xIndex[x[i]];
                    var c = yIndex[y[i]];
                    table[(r * cols) + c]++;
                    rowSums[r]++;
                    colSums[c]++;
                }
            }

            chi2 = 0;
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < cols; c++)
                {
                    var expected = (double)(rowSums[r] * colSums[c]) / n;
                    var d = table[(r * cols) + c] - expected;
                    chi2 += d * d / expected;
                }
            }
        }
        else
        {
            chi2 = SparseChiSquare(x, y, xIndex, yIndex, cols, rowSums, colSums, n);
        }

        return Math.Sqrt(chi2 / n / (Math.Min(rows, cols) - 1));
    }

    internal static double Clip(double r) => r > 1 ? 1 : r < -1 ? -1 : r;

    /// <summary>Spearman or Kendall on the pair's finite rows, ranks computed for just those rows.</summary>
    private static double RankedPair(ReadOnlySpan<double> x, ReadOnlySpan<double> y, CorrelationKind kind)
    {
        CheckLengths(x.Length, y.Length);
        var n = x.Length;
        var xs = ArrayPool<double>.Shared.Rent(Math.Max(n, 1));
        var ys = ArrayPool<double>.Shared.Rent(Math.Max(n, 1));
        var rx = ArrayPool<int>.Shared.Rent(Math.Max(n, 1));
        var ry = ArrayPool<int>.Shared.Rent(Math.Max(n, 1));
        try
        {
            var m = 0;
            for (var i = 0; i < n; i++)
            {
                if (double.IsFinite(x[i]) && double.IsFinite(y[i]))
                {
                    xs[m] = x[i];
                    ys[m] = y[i];
                    m++;
                }
            }

            Ranks.DoubledAverageRanks(xs.AsSpan(0, m), rx.AsSpan(0, m));
            Ranks.DoubledAverageRanks(ys.AsSpan(0, m), ry.AsSpan(0, m));
            return kind == CorrelationKind.Spearman
                ? SpearmanFromRanks(rx.AsSpan(0, m), ry.AsSpan(0, m))
                : KendallFromRanks(rx.AsSpan(0, m), ry.AsSpan(0, m));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(xs);
            ArrayPool<double>.Shared.Return(ys);
            ArrayPool<int>.Shared.Return(rx);
            ArrayPool<int>.Shared.Return(ry);
        }
    }

    /// <summary>Pearson's r of two doubled-rank vectors (their mean is m + 1 exactly).</summary>
    internal static double SpearmanFromRanks(ReadOnlySpan<int> rx, ReadOnlySpan<int> ry)
    {
        var m = rx.Length;
        double mean = m + 1, sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < m; i++)
        {
            var dx = rx[i] - mean;
            var dy = ry[i] - mean;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return sxx == 0 || syy == 0 ? double.NaN : Clip(sxy / Math.Sqrt(sxx * syy));
    }

    /// <summary>
    /// Kendall's tau-b from rank vectors, as scipy 1.10: sort the pairs by (x, y), count discordant pairs as strict
    /// inversions of y, and the x, y and joint ties from runs; tau = (tot - xtie - ytie + ntie - 2·dis) / √(tot - xtie) / √(tot - ytie).
    /// </summary>
    internal static double KendallFromRanks(ReadOnlySpan<int> rx, ReadOnlySpan<int> ry)
    {
        var m = rx.Length;
        var tot = (long)m * (m - 1) / 2;
        if (tot == 0)
        {
            return double.NaN;
        }

        var keys = ArrayPool<long>.Shared.Rent(m);
        var ys = ArrayPool<int>.Shared.Rent(m);
        var scratch = ArrayPool<int>.Shared.Rent(m);
        try
        {
            for (var i = 0; i < m; i++)
            {
                keys[i] = ((long)rx[i] << 32) | (uint)ry[i];
            }

            Array.Sort(keys, 0, m);
            var sortedKeys = keys.AsSpan(0, m);
            var y = ys.AsSpan(0, m);
            for (var i = 0; i < m; i++)
            {
                y[i] = (int)(sortedKeys[i] >> 32);
            }

            var xtie = Ranks.TiedPairs<int>(y);
            var ntie = Ranks.TiedPairs<long>(sortedKeys);
            for (var i = 0; i < m; i++)
            {
                y[i] = (int)(sortedKeys[i] & 0xFFFFFFFFL);
            }

            var dis = Ranks.SortCountingInversions(y, scratch.AsSpan(0, m));
            var ytie = Ranks.TiedPairs<int>(y);
            if (xtie == tot || ytie == tot)
            {
                return double.NaN;
            }

            var conMinusDis = tot - xtie - ytie + ntie - (2 * dis);
            return Clip(conMinusDis / Math.Sqrt(tot - xtie) / Math.Sqrt(tot - ytie));
        }
        finally
        {
            ArrayPool<long>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(ys);
            ArrayPool<int>.Shared.Return(scratch);
        }
    }

    private static int Densify(int[] marks)
    {
        var next = 0;
        for (var i = 0; i < marks.Length; i++)
        {
            marks[i] = marks[i] != 0 ? next++ : -1;
        }

        return next;
    }

    // For very wide tables: Σ(o − e)²/e = n·(Σ o²/(rowSum·colSum) − 1) over the non-zero cells, found by sorting.
    private static double SparseChiSquare(ReadOnlySpan<int> x, ReadOnlySpan<int> y, int[] xIndex, int[] yIndex, int cols, long[] rowSums, long[] colSums, long n)
    {
        var keys = ArrayPool<long>.Shared.Rent((int)n);
        try
        {
            var m = 0;
            for (var i = 0; i < x.Length; i++)
            {
                if (x[i] >= 0 && y[i] >= 0)
                {
                    var r = xIndex[x[i]];
                    var c = yIndex[y[i]];
                    keys[m++] = ((long)r * cols) + c;
                    rowSums[r]++;
                    colSums[c]++;
                }
            }

            Array.Sort(keys, 0, m);
            double sum = 0;
            for (var i = 0; i < m;)
            {
                var j = i + 1;
                while (j < m && keys[j] == keys[i])
                {
                    j++;
                }

                double observed = j - i;
                sum += observed * observed / ((double)rowSums[keys[i] / cols] * colSums[keys[i] % cols]);
                i = j;
            }

            return n * (sum - 1);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(keys);
        }
    }

    private static void CheckLengths(int x, int y)
    {
        if (x != y)
        {
            throw new ArgumentException($"Both columns need the same length ({x} and {y}).");
        }
    }
}
