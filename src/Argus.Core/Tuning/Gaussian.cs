namespace Argus.Core.Tuning;

/// <summary>Standard normal helpers for the samplers.</summary>
internal static class Gaussian
{
    private const double InvSqrt2 = 0.70710678118654752440;

    /// <summary>log(sqrt(2 pi)).</summary>
    public const double LogSqrt2Pi = 0.91893853320467274178;

    /// <summary>One standard normal draw (Box–Muller, one uniform pair per draw so the stream stays simple).</summary>
    public static double Sample(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>P(lower &lt; Z &lt;= upper) for a standard normal Z, accurate in both tails.</summary>
    public static double Mass(double lower, double upper)
    {
        if (!(upper > lower))
        {
            return 0.0;
        }

        // In the upper tail subtract survival functions instead of CDFs to keep precision.
        return lower > 0
            ? 0.5 * (Erfc(lower * InvSqrt2) - Erfc(upper * InvSqrt2))
            : 0.5 * (Erfc(-upper * InvSqrt2) - Erfc(-lower * InvSqrt2));
    }

    /// <summary>Complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7).</summary>
    public static double Erfc(double x)
    {
        if (double.IsPositiveInfinity(x))
        {
            return 0.0;
        }

        if (double.IsNegativeInfinity(x))
        {
            return 2.0;
        }

        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + (0.5 * z));
        var poly = -0.82215223 + (t * 0.17087277);
        poly = 1.48851587 + (t * poly);
        poly = -1.13520398 + (t * poly);
        poly = 0.27886807 + (t * poly);
        poly = -0.18628806 + (t * poly);
        poly = 0.09678418 + (t * poly);
        poly = 0.37409196 + (t * poly);
        poly = 1.00002368 + (t * poly);
        poly = -1.26551223 + (t * poly);
        var ans = t * Math.Exp((-z * z) + poly);
        return x >= 0 ? ans : 2.0 - ans;
    }
}
