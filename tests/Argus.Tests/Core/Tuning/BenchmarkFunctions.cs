using Argus.Core.Tuning;

namespace Argus.Tests.Core.Tuning;

/// <summary>Standard optimisation test functions with their search spaces.</summary>
internal static class BenchmarkFunctions
{
    public static SearchSpace QuadraticSpace { get; } =
        SearchSpace.Parse("""{"x0": {"uniform": [-5, 5]}, "x1": {"uniform": [-5, 5]}, "x2": {"uniform": [-5, 5]}}""");

    public static SearchSpace BraninSpace { get; } = SearchSpace.Parse("""{"x1": {"uniform": [-5, 10]}, "x2": {"uniform": [0, 15]}}""");

    public static SearchSpace Hartmann6Space { get; } = SearchSpace.Parse("""
        {"x0": {"uniform": [0, 1]}, "x1": {"uniform": [0, 1]}, "x2": {"uniform": [0, 1]},
         "x3": {"uniform": [0, 1]}, "x4": {"uniform": [0, 1]}, "x5": {"uniform": [0, 1]}}
        """);

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

    /// <summary>(x0 − 1)² + (x1 + 2)² + (x2 − 0.5)², minimum 0.</summary>
    public static double Quadratic(Configuration c)
    {
        var x0 = (double)c["x0"] - 1;
        var x1 = (double)c["x1"] + 2;
        var x2 = (double)c["x2"] - 0.5;
        return (x0 * x0) + (x1 * x1) + (x2 * x2);
    }

    /// <summary>Branin–Hoo, global minimum 0.397887.</summary>
    public static double Branin(Configuration c) => Branin((double)c["x1"], (double)c["x2"]);

    public static double Branin(double x1, double x2)
    {
        const double b = 5.1 / (4 * Math.PI * Math.PI);
        const double cc = 5 / Math.PI;
        const double t = 1 / (8 * Math.PI);
        var inner = x2 - (b * x1 * x1) + (cc * x1) - 6;
        return (inner * inner) + (10 * (1 - t) * Math.Cos(x1)) + 10;
    }

    /// <summary>Hartmann-6, global minimum −3.32237.</summary>
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

    /// <summary>Runs one optimisation and returns the best loss found.</summary>
    public static double BestFound(ISampler sampler, Func<Configuration, double> objective, int budget, int seed)
    {
        var random = new Random(seed);
        var history = new List<Trial>(budget);
        var best = double.PositiveInfinity;
        for (var i = 0; i < budget; i++)
        {
            var config = sampler.Suggest(history, random)!;
            var loss = objective(config);
            best = Math.Min(best, loss);
            history.Add(Trial.Completed(config, loss));
        }

        return best;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]);
    }
}
