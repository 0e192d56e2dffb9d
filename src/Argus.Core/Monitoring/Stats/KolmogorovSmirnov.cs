namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// <c>scipy.stats.ks_2samp(ref, cur)</c> (two-sided, <c>method="auto"</c>) as Evidently calls it. The statistic comes
/// from one merge walk of the sorted samples (the ECDF difference at each distinct value, with SciPy's float
/// arithmetic). The p-value is SciPy's exact distribution when max(n1, n2) ≤ 10,000 — the Hodges "outside the
/// square" series for n1 = n2, Viehmann's stable inside-method recursion otherwise, each in O(n) memory — and the
/// Kolmogorov distribution <c>kstwo.sf(d, round(n1·n2/(n1+n2)))</c> beyond that or when the exact result falls
/// outside [0, 1], exactly as SciPy falls back.
/// </summary>
internal static class KolmogorovSmirnov
{
    /// <summary>SciPy's <c>MAX_AUTO_N</c>.</summary>
    public const int MaxAutoN = 10000;

    public static double PValue(NumericSamples samples) => PValue(samples.SortedReference, samples.SortedCurrent);

    public static double PValue(ReadOnlySpan<double> data1, ReadOnlySpan<double> data2)
    {
        int n1 = data1.Length, n2 = data2.Length;
        var d = Statistic(data1, data2);
        var g = Gcd(n1, n2);
        double prob;
        if (Math.Max(n1, n2) <= MaxAutoN && TryExact(n1, n2, g, ref d, out prob))
        {
            return Math.Clamp(prob, 0, 1);
        }

        double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        var en = m * n / (m + n);
        prob = KolmogorovDistribution.Sf(d, Math.Round(en));
        return Math.Clamp(prob, 0, 1);
    }

    /// <summary>The two-sided statistic max(max(F1 − F2), clip(−min(F1 − F2), 0, 1)) over the pooled values.</summary>
    public static double Statistic(ReadOnlySpan<double> data1, ReadOnlySpan<double> data2)
    {
        int n1 = data1.Length, n2 = data2.Length;
        var maxS = double.NegativeInfinity;
        var minS = double.PositiveInfinity;
        var groups = new TieGroups(data1, data2);
        while (groups.MoveNext())
        {
            var diff = (groups.EndA / (double)n1) - (groups.EndB / (double)n2);
            maxS = Math.Max(maxS, diff);
            minS = Math.Min(minS, diff);
        }

        var clippedMin = Math.Clamp(-minS, 0, 1);
        return clippedMin > maxS ? clippedMin : maxS;
    }

    /// <summary>SciPy's <c>_attempt_exact_2kssamp</c> (two-sided); <paramref name="d"/> is replaced by h / lcm.</summary>
    internal static bool TryExact(int n1, int n2, int g, ref double d, out double prob)
    {
        var lcm = (long)(n1 / g) * n2;
        var h = (long)Math.Round(d * lcm);
        d = h * 1.0 / lcm;
        if (h == 0)
        {
            prob = 1.0;
            return true;
        }

        prob = n1 == n2 ? ProbOutsideSquare(n1, h) : OuterProbInsideMethod(n1, n2, g, h);
        return prob is >= 0 and <= 1;
    }

    /// <summary>SciPy's <c>_compute_prob_outside_square(n, h)</c>: Pr(D_{n,n} ≥ h/n).</summary>
    internal static double ProbOutsideSquare(long n, long h)
    {
        var p = 0.0;
        var k = (long)Math.Floor(n / (double)h);
        while (k >= 0)
        {
            var p1 = 1.0;
            for (var j = 0L; j < h; j++)
            {
                p1 = (n - (k * h) - j) * p1 / (n + (k * h) + j + 1);
            }

            p = p1 * (1.0 - p);
            k--;
        }

        return 2 * p;
    }

    /// <summary>SciPy's <c>_compute_outer_prob_inside_method(m, n, g, h)</c>: 1 − the share of paths strictly inside.</summary>
    internal static double OuterProbInsideMethod(long m, long n, long g, long h)
    {
        if (m < n)
        {
            (m, n) = (n, m);
        }

        var mg = m / g;
        var ng = n / g;
        long minj = 0;
        var maxj = Math.Min((long)Math.Ceiling(h / (double)mg), n + 1);
        var curlen = maxj - minj;
        var lenA = Math.Min((2 * maxj) + 2, n + 1);
        var a = new double[lenA];
        Array.Fill(a, 1.0);
        for (var t = minj; t < maxj; t++)
        {
            a[t] = 0.0;
        }

        for (var i = 1L; i <= m; i++)
        {
            var lastminj = minj;
            var lastlen = curlen;
            minj = Math.Max((long)Math.Floor(((ng * i) - h) / (double)mg) + 1, 0);
            minj = Math.Min(minj, n);
            maxj = Math.Min((long)Math.Ceiling(((ng * i) + h) / (double)mg), n + 1);
            if (maxj <= minj)
            {
                return 1.0;
            }

            var val = minj == 0 ? 0.0 : 1.0;
            for (var jj = 0L; jj < maxj - minj; jj++)
            {
                var j = jj + minj;
                val = ((a[jj + minj - lastminj] * i) + (val * j)) / (i + j);
                a[jj] = val;
            }

            curlen = maxj - minj;
            if (lastlen > curlen)
            {
                var end = Math.Min(maxj - minj + (lastlen - curlen), lenA);
                for (var t = maxj - minj; t < end; t++)
                {
                    a[t] = 1;
                }
            }
        }

        return a[maxj - minj - 1];
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
