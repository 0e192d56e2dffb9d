namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// Evidently's <c>mannw</c>: <c>scipy.stats.mannwhitneyu(x=ref, y=cur, alternative="less")</c> (one-sided, although
/// Evidently's docstring says two-sided), <c>method="auto"</c>: the exact null distribution when one sample has at
/// most 8 values and there are no ties, else the normal approximation with tie correction and continuity
/// correction. Ranks come from one walk over the sorted samples; the exact distribution of U is the coefficient
/// list of the Gaussian binomial, truncated to the terms the tail needs.
/// </summary>
internal static class MannWhitney
{
    private const int MaxExactSmallSide = 8;

    public static double PValue(NumericSamples samples)
    {
        var x = samples.SortedReference;
        var y = samples.SortedCurrent;
        long n1 = x.Length, n2 = y.Length;
        var n = n1 + n2;
        double r1 = 0;
        double tieTerm = 0;
        var ties = false;
        var groups = new TieGroups(x, y);
        while (groups.MoveNext())
        {
            double t = groups.Ties;
            if (t > 1)
            {
                ties = true;
                tieTerm += (t * t * t) - t;
            }

            // The mid-rank of the group (1-based) times how many of the reference values share it.
            r1 += (groups.EndA - groups.StartA) * (0.5 * ((2 * groups.Below) + groups.Ties + 1));
        }

        var u1 = r1 - (n1 * (n1 + 1) / 2.0);
        var u2 = (n1 * n2) - u1;
        var exact = !(n1 > MaxExactSmallSide && n2 > MaxExactSmallSide) && !ties;
        double p;
        if (exact)
        {
            // sf(U2) = cdf(n1·n2 − U2) = cdf(U1).
            p = ExactCdf((long)u1, (int)Math.Min(n1, n2), Math.Max(n1, n2));
        }
        else
        {
            var mu = n1 * n2 / 2.0;
            var s = Math.Sqrt(n1 * n2 / 12.0 * ((n + 1) - (tieTerm / (n * (n - 1.0)))));
            var z = (u2 - mu - 0.5) / s;
            p = Distributions.NormalSf(z);
        }

        return Math.Clamp(p, 0, 1);
    }

    /// <summary>
    /// P(U ≤ k) for samples of sizes m ≤ n: the coefficients of the Gaussian binomial [m+n choose m]_q, computed as
    /// (Π (1 − q^{n+i})) · (Π 1/(1 − q^i)) truncated at degree k, divided by C(m+n, m).
    /// </summary>
    internal static double ExactCdf(long k, int m, long n)
    {
        var total = (long)m * n;
        if (k < 0)
        {
            return 0;
        }

        if (k >= total)
        {
            return 1;
        }

        // The distribution is symmetric: P(U ≤ k) = 1 − P(U ≤ mn − k − 1); sum the shorter side.
        var mirrored = k > total / 2;
        var limit = mirrored ? total - k - 1 : k;
        var coefficients = new double[limit + 1];
        coefficients[0] = 1;
        for (var i = 1; i <= m; i++)
        {
            // multiply by 1/(1 − q^i): running sums with stride i.
            for (var d = i; d <= limit; d++)
            {
                coefficients[d] += coefficients[d - i];
            }
        }

        for (var i = 1; i <= m; i++)
        {
            // multiply by (1 − q^{n+i}), from the top down so each coefficient uses the old lower ones.
            var shift = n + i;
            for (var d = limit; d >= shift; d--)
            {
                coefficients[d] -= coefficients[d - shift];
            }
        }

        var binomial = 1.0;
        for (var i = 1; i <= m; i++)
        {
            binomial = binomial * (n + i) / i;
        }

        var cdf = 0.0;
        for (var d = 0; d <= limit; d++)
        {
            cdf += coefficients[d] / binomial;
        }

        return mirrored ? 1 - cdf : cdf;
    }
}
