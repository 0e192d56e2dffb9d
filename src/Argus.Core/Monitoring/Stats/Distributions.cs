using MathNet.Numerics;

namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// The distribution functions the tests need, with SciPy's edge semantics (what <c>scipy.stats.norm/chi2</c> and
/// <c>scipy.special.ndtr/stdtr</c> return at 0, ±∞, NaN and invalid degrees of freedom). The special functions
/// themselves come from MathNet.Numerics.
/// </summary>
internal static class Distributions
{
    private const double Sqrt1Over2 = 0.70710678118654752440;

    /// <summary>The standard normal CDF, as cephes' <c>ndtr</c> (erf near 0, erfc in the tails).</summary>
    public static double NormalCdf(double a)
    {
        if (double.IsNaN(a))
        {
            return double.NaN;
        }

        var x = a * Sqrt1Over2;
        var z = Math.Abs(x);
        if (z < Sqrt1Over2)
        {
            return 0.5 + (0.5 * SpecialFunctions.Erf(x));
        }

        var y = 0.5 * SpecialFunctions.Erfc(z);
        return x > 0 ? 1.0 - y : y;
    }

    /// <summary>The standard normal survival function, <c>scipy.stats.norm.sf</c> (= ndtr(−z)).</summary>
    public static double NormalSf(double z) => NormalCdf(-z);

    /// <summary>
    /// <c>scipy.stats.chi2.sf(x, df)</c>: NaN for df ≤ 0 or NaN x, 1 for x ≤ 0, 0 for x = +∞, else the regularised
    /// upper incomplete gamma Q(df/2, x/2).
    /// </summary>
    public static double ChiSquareSf(double x, double df)
    {
        if (!(df > 0) || double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x <= 0)
        {
            return 1.0;
        }

        if (double.IsPositiveInfinity(x))
        {
            return 0.0;
        }

        return SpecialFunctions.GammaUpperRegularized(df / 2.0, x / 2.0);
    }

    /// <summary>
    /// <c>scipy.special.stdtr(df, t)</c> for t ≤ 0: the Student t lower tail, written through the regularised
    /// incomplete beta function on whichever of x = df/(df+t²) and 1−x is smaller, to keep precision for large df.
    /// </summary>
    public static double StudentTLowerTail(double df, double t)
    {
        if (double.IsNaN(t) || double.IsNaN(df) || !(df > 0))
        {
            return double.NaN;
        }

        if (t == 0)
        {
            return 0.5;
        }

        if (double.IsNegativeInfinity(t))
        {
            return 0.0;
        }

        var t2 = t * t;
        var x = df / (df + t2);
        var y = t2 / (df + t2);
        var half = x < y
            ? 0.5 * SpecialFunctions.BetaRegularized(df / 2.0, 0.5, x)
            : 0.5 * (1.0 - SpecialFunctions.BetaRegularized(0.5, df / 2.0, y));
        return t < 0 ? half : 1.0 - half;
    }
}
