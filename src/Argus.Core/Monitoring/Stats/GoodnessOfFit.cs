using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// The count-based p-value tests on categorical samples: Evidently's chi-square (a goodness-of-fit test of the
/// current counts against the reference counts scaled by n_cur/n_ref, <c>scipy.stats.chisquare</c>), its G-test
/// (<c>power_divergence(lambda_="log-likelihood")</c> against the <em>unscaled</em> reference counts, which SciPy
/// rejects unless both sides have the same size) and its two-proportion z-test (the first category in sorted
/// order against all others).
/// </summary>
internal static class GoodnessOfFit
{
    /// <summary>
    /// Evidently's <c>chisquare</c>: p = chi2.sf(Σ (obs − exp)²/exp, k − 1). A category seen only in the current data
    /// has exp = 0, so the statistic is infinite and p = 0; a single category gives df = 0 and p = NaN.
    /// </summary>
    public static double ChiSquare(CategoricalSamples samples)
    {
        var present = samples.Present;
        var kNorm = samples.CurrentSize / (double)samples.ReferenceSize;
        var terms = new double[present.Length];
        for (var k = 0; k < present.Length; k++)
        {
            var expected = samples.ReferenceCounts[present[k]] * kNorm;
            var diff = samples.CurrentCounts[present[k]] - expected;
            terms[k] = diff * diff / expected;
        }

        return Distributions.ChiSquareSf(NumpySum.Sum(terms), present.Length - 1);
    }

    /// <summary>
    /// Evidently's <c>g_test</c>: p = chi2.sf(2 Σ obs·ln(obs/exp), k − 1) with exp the raw reference counts. SciPy
    /// raises when the two sides differ in size; so does this, with an explanation.
    /// </summary>
    public static double GTest(CategoricalSamples samples)
    {
        if (samples.ReferenceSize != samples.CurrentSize)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"g_test compares the current counts with the unscaled reference counts, so it needs reference and current of the same size (after dropping missing values), but they have {samples.ReferenceSize} and {samples.CurrentSize} rows; use chisquare, which rescales the reference counts.");
        }

        var present = samples.Present;
        var terms = new double[present.Length];
        for (var k = 0; k < present.Length; k++)
        {
            double observed = samples.CurrentCounts[present[k]];
            double expected = samples.ReferenceCounts[present[k]];
            terms[k] = 2.0 * XLogY(observed, observed / expected);
        }

        return Distributions.ChiSquareSf(NumpySum.Sum(terms), present.Length - 1);
    }

    /// <summary>
    /// Evidently's <c>z</c>: 1 when both sides hold the same single value; otherwise values equal to the first
    /// category in sorted order count as 0, all others as 1, and p = 2·(1 − Φ(|z|)) for the pooled two-proportion z.
    /// </summary>
    public static double ZTest(CategoricalSamples samples)
    {
        var present = samples.Present;
        if (present.Length == 1)
        {
            return 1.0;
        }

        var first = present[0];
        double n1 = samples.ReferenceSize, n2 = samples.CurrentSize;
        var p1 = (samples.ReferenceSize - samples.ReferenceCounts[first]) / n1;
        var p2 = (samples.CurrentSize - samples.CurrentCounts[first]) / n2;
        var pooled = ((p1 * n1) + (p2 * n2)) / (n1 + n2);
        var z = (p1 - p2) / Math.Sqrt(pooled * (1 - pooled) * ((1.0 / n1) + (1.0 / n2)));
        return 2 * (1 - Distributions.NormalCdf(Math.Abs(z)));
    }

    /// <summary><c>scipy.special.xlogy</c>: 0 when x is 0 (and y is not NaN), else x·ln(y).</summary>
    private static double XLogY(double x, double y) => x == 0 && !double.IsNaN(y) ? 0.0 : x * Math.Log(y);
}
