using Argus.Bench;
using Argus.Core.Tuning;

namespace Argus.Tests.Core.Tuning;

/// <summary>Standard optimisation test functions with their search spaces (Branin and Hartmann-6 from the sampler benchmark's <see cref="TestFunctions"/>).</summary>
internal static class BenchmarkFunctions
{
    public static SearchSpace QuadraticSpace { get; } =
        SearchSpace.Parse("""{"x0": {"uniform": [-5, 5]}, "x1": {"uniform": [-5, 5]}, "x2": {"uniform": [-5, 5]}}""");

    public static SearchSpace BraninSpace { get; } = SearchSpace.Parse("""{"x1": {"uniform": [-5, 10]}, "x2": {"uniform": [0, 15]}}""");

    public static SearchSpace Hartmann6Space { get; } = SearchSpace.Parse("""
        {"x0": {"uniform": [0, 1]}, "x1": {"uniform": [0, 1]}, "x2": {"uniform": [0, 1]},
         "x3": {"uniform": [0, 1]}, "x4": {"uniform": [0, 1]}, "x5": {"uniform": [0, 1]}}
        """);

    /// <summary>(x0 − 1)² + (x1 + 2)² + (x2 − 0.5)², minimum 0.</summary>
    public static double Quadratic(Configuration c)
    {
        var x0 = (double)c["x0"] - 1;
        var x1 = (double)c["x1"] + 2;
        var x2 = (double)c["x2"] - 0.5;
        return (x0 * x0) + (x1 * x1) + (x2 * x2);
    }

    /// <summary>Branin–Hoo, global minimum 0.397887.</summary>
    public static double Branin(Configuration c) => TestFunctions.Branin(c);

    /// <summary>Hartmann-6, global minimum −3.32237.</summary>
    public static double Hartmann6(Configuration c) => TestFunctions.Hartmann6(c);

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
