using Argus.Core.Tuning;

namespace Argus.Bench;

/// <summary>
/// The synthetic objectives of the sampler benchmark, with their search spaces in Hyperopt's JSON vocabulary:
/// Branin (2-d), Hartmann-6 and a noisy 5-d quadratic.
/// </summary>
internal static class TestFunctions
{
    /// <summary>Branin's global minimum, reached at (−π, 12.275), (π, 2.275) and (9.42478, 2.475).</summary>
    public const double BraninMin = 0.397887;

    /// <summary>Hartmann-6's global minimum.</summary>
    public const double Hartmann6Min = -3.32237;

    public const string BraninSpaceJson = """{"x1": {"uniform": [-5, 10]}, "x2": {"uniform": [0, 15]}}""";

    public const string Hartmann6SpaceJson = """
        {"x0": {"uniform": [0, 1]}, "x1": {"uniform": [0, 1]}, "x2": {"uniform": [0, 1]},
         "x3": {"uniform": [0, 1]}, "x4": {"uniform": [0, 1]}, "x5": {"uniform": [0, 1]}}
        """;

    public const string QuadraticSpaceJson = """
        {"x0": {"uniform": [-5, 5]}, "x1": {"uniform": [-5, 5]}, "x2": {"uniform": [-5, 5]},
         "x3": {"uniform": [-5, 5]}, "x4": {"uniform": [-5, 5]}}
        """;

    // The quadratic's minimum is moved off the centre of the box, which is where TPE's prior component sits.
    private static readonly double[] QuadraticCentre = [1.0, -2.0, 0.5, 2.5, -3.5];

    private static readonly double[] HartmannAlpha = [1.0, 1.2, 3.0, 3.2];

    private static readonly double[,] HartmannA =
    {
        { 10, 3, 17, 3.5, 1.7, 8 },
        { 0.05, 10, 17, 0.1, 8, 14 },
        { 3, 3.5, 1.7, 10, 17, 8 },
        { 17, 8, 0.05, 10, 0.1, 14 },
    };

    private static readonly double[,] HartmannP =
    {
        { 0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886 },
        { 0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991 },
        { 0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650 },
        { 0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381 },
    };

    /// <summary>Branin–Hoo on x1 ∈ [−5, 10], x2 ∈ [0, 15].</summary>
    public static double Branin(Configuration c) => Branin((double)c["x1"], (double)c["x2"]);

    public static double Branin(double x1, double x2)
    {
        const double b = 5.1 / (4 * Math.PI * Math.PI);
        const double cc = 5 / Math.PI;
        const double t = 1 / (8 * Math.PI);
        var inner = x2 - (b * x1 * x1) + (cc * x1) - 6;
        return (inner * inner) + (10 * (1 - t) * Math.Cos(x1)) + 10;
    }

    /// <summary>Hartmann-6 on [0, 1]⁶.</summary>
    public static double Hartmann6(Configuration c)
    {
        Span<double> x = stackalloc double[6];
        for (var i = 0; i < 6; i++)
        {
            x[i] = (double)c["x" + i];
        }

        return Hartmann6(x);
    }

    public static double Hartmann6(ReadOnlySpan<double> x)
    {
        var total = 0.0;
        for (var i = 0; i < 4; i++)
        {
            var exponent = 0.0;
            for (var j = 0; j < 6; j++)
            {
                var d = x[j] - HartmannP[i, j];
                exponent += HartmannA[i, j] * d * d;
            }

            total += HartmannAlpha[i] * Math.Exp(-exponent);
        }

        return -total;
    }

    /// <summary>The noise-free quadratic Σ (x_i − c_i)² with c = (1, −2, 0.5, 2.5, −3.5); minimum 0.</summary>
    public static double Quadratic(Configuration c)
    {
        var total = 0.0;
        for (var i = 0; i < QuadraticCentre.Length; i++)
        {
            var d = (double)c["x" + i] - QuadraticCentre[i];
            total += d * d;
        }

        return total;
    }

    /// <summary>A N(0, sigma²) draw from a seeded source (Box–Muller), for the noisy quadratic's observation noise.</summary>
    public static double Noise(Random random, double sigma)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return sigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
