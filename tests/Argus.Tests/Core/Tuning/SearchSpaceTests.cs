using Argus.Core.Errors;
using Argus.Core.Tuning;

namespace Argus.Tests.Core.Tuning;

public sealed class SearchSpaceTests
{
    private const int Draws = 20_000;

    private static double[] Draw(string distribution, int seed = 1)
    {
        var space = SearchSpace.Parse($$"""{"x": {{distribution}}}""");
        var random = new Random(seed);
        var values = new double[Draws];
        for (var i = 0; i < Draws; i++)
        {
            values[i] = Convert.ToDouble(space.Sample(random)["x"], System.Globalization.CultureInfo.InvariantCulture);
        }

        return values;
    }

    private static bool IsMultiple(double x, double q) => Math.Abs((x / q) - Math.Round(x / q)) < 1e-9;

    [Fact]
    public void Sample_Uniform_StaysInBoundsWithMeanAtMidpoint()
    {
        var values = Draw("""{"uniform": [2, 6]}""");
        Assert.All(values, v => Assert.InRange(v, 2, 6));
        Assert.InRange(values.Average(), 3.95, 4.05);
        Assert.InRange(values.Count(v => v < 3), 0.23 * Draws, 0.27 * Draws);
    }

    [Fact]
    public void Sample_QUniform_IsQuantizedWithinRoundedBounds()
    {
        var values = Draw("""{"quniform": [4, 100, 1]}""");
        Assert.All(values, v => Assert.True(IsMultiple(v, 1) && v >= 4 && v <= 100, $"{v}"));
        Assert.InRange(values.Average(), 51, 53);

        var halves = Draw("""{"quniform": [0, 3, 0.5]}""");
        Assert.All(halves, v => Assert.True(IsMultiple(v, 0.5) && v >= 0 && v <= 3, $"{v}"));
        Assert.Equal(7, halves.Distinct().Count());
    }

    [Fact]
    public void Sample_LogUniform_IsUniformInLogSpace()
    {
        var values = Draw("""{"loguniform": [-3, 0]}""");
        Assert.All(values, v => Assert.InRange(v, Math.Exp(-3), 1.0));
        // Half the draws fall below the log-space midpoint exp(-1.5), far fewer than below the linear midpoint.
        Assert.InRange(values.Count(v => v < Math.Exp(-1.5)), 0.48 * Draws, 0.52 * Draws);
        Assert.InRange(values.Select(v => Math.Log(v)).Average(), -1.55, -1.45);
    }

    [Fact]
    public void Sample_QLogUniform_IsQuantizedLogUniform()
    {
        var values = Draw("""{"qloguniform": [0, 3, 2]}""");
        Assert.All(values, v => Assert.True(IsMultiple(v, 2) && v >= 0 && v <= 20, $"{v}"));
        // P(exp(U(0,3)) rounds to 2) = P(1 <= e^u < 3) = ln 3 / 3.
        Assert.InRange(values.Count(v => v == 2) / (double)Draws, (Math.Log(3) / 3) - 0.02, (Math.Log(3) / 3) + 0.02);
    }

    [Fact]
    public void Sample_Normal_HasPriorMeanAndSigma()
    {
        var values = Draw("""{"normal": [3, 2]}""");
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (Draws - 1));
        Assert.InRange(mean, 2.95, 3.05);
        Assert.InRange(sd, 1.95, 2.05);
    }

    [Fact]
    public void Sample_QNormal_IsIntegerValued()
    {
        var values = Draw("""{"qnormal": [0, 5, 1]}""");
        Assert.All(values, v => Assert.True(IsMultiple(v, 1), $"{v}"));
        Assert.InRange(values.Average(), -0.15, 0.15);
    }

    [Fact]
    public void Sample_LogNormal_IsPositiveWithMedianExpMu()
    {
        var values = Draw("""{"lognormal": [1, 1]}""");
        Assert.All(values, v => Assert.True(v > 0));
        Assert.InRange(values.Count(v => v < Math.E), 0.48 * Draws, 0.52 * Draws);
        Assert.InRange(values.Select(v => Math.Log(v)).Average(), 0.97, 1.03);
    }

    [Fact]
    public void Sample_QLogNormal_IsQuantizedAndNonNegative()
    {
        var values = Draw("""{"qlognormal": [1, 0.5, 0.1]}""");
        Assert.All(values, v => Assert.True(IsMultiple(v, 0.1) && v >= 0, $"{v}"));
    }

    [Fact]
    public void Sample_RandInt_GivesLongsInHalfOpenRange()
    {
        var space = SearchSpace.Parse("""{"a": {"randint": [10]}, "b": {"randint": [5, 8]}}""");
        var random = new Random(3);
        var seenA = new HashSet<long>();
        var seenB = new HashSet<long>();
        for (var i = 0; i < 2000; i++)
        {
            var config = space.Sample(random);
            seenA.Add(Assert.IsType<long>(config["a"]));
            seenB.Add(Assert.IsType<long>(config["b"]));
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i).ToHashSet(), seenA);
        Assert.Equal(new HashSet<long> { 5, 6, 7 }, seenB);
    }

    [Fact]
    public void Sample_ConstantChoice_PicksOptionsEvenly()
    {
        var space = SearchSpace.Parse("""{"c": {"choice": ["a", "b", 3]}, "seed": 0}""");
        var random = new Random(5);
        var counts = new Dictionary<object, int>();
        for (var i = 0; i < 3000; i++)
        {
            var config = space.Sample(random);
            Assert.Equal(0L, config["seed"]);
            counts[config["c"]] = counts.GetValueOrDefault(config["c"]) + 1;
        }

        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 900, 1100));
        Assert.True(counts.ContainsKey(3L));
    }

    [Fact]
    public void Sample_NestedChoice_ActivatesOnlyChosenBranch()
    {
        var space = SearchSpace.Parse("""
            {"max_depth": {"quniform": [4, 100, 1]},
             "booster": {"choice": [{"name": "gbtree", "max_depth": {"randint": [2, 10]}, "kind": "tree"},
                                    "gblinear",
                                    {"name": "dart", "rate": {"uniform": [0, 1]}}]}}
            """);
        var random = new Random(11);
        var seen = new HashSet<string>();
        for (var i = 0; i < 500; i++)
        {
            var config = space.Sample(random);
            Assert.True(config.Values.ContainsKey("max_depth"));
            var booster = Assert.IsType<string>(config["booster"]);
            seen.Add(booster);
            Assert.Equal(booster == "gbtree", config.Values.ContainsKey("booster.max_depth"));
            Assert.Equal(booster == "gbtree", config.Values.ContainsKey("booster.kind"));
            Assert.Equal(booster == "dart", config.Values.ContainsKey("booster.rate"));
            Assert.Equal(booster switch { "gbtree" => 4, "dart" => 3, _ => 2 }, config.Values.Count);
            if (booster == "gbtree")
            {
                Assert.InRange(Assert.IsType<long>(config["booster.max_depth"]), 2, 9);
                Assert.Equal("tree", config["booster.kind"]);
            }
        }

        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public void Sample_SameSeed_GivesSameSequence()
    {
        var space = SearchSpace.Parse("""{"a": {"normal": [0, 1]}, "b": {"choice": [{"x": {"loguniform": [-2, 2]}}, "y"]}}""");
        var first = new Random(42);
        var second = new Random(42);
        var other = new Random(43);
        var a = Enumerable.Range(0, 50).Select(_ => space.Sample(first).ToString()).ToList();
        var b = Enumerable.Range(0, 50).Select(_ => space.Sample(second).ToString()).ToList();
        var c = Enumerable.Range(0, 50).Select(_ => space.Sample(other).ToString()).ToList();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Encode_SampledValues_RoundTrips()
    {
        var space = SearchSpace.Parse("""{"a": {"randint": [3]}, "b": {"choice": [{"name": "t", "x": {"normal": [0, 1]}}, 2.5]}}""");
        var random = new Random(9);
        for (var i = 0; i < 20; i++)
        {
            var config = space.Sample(random);
            var copy = space.Encode(config.Values.ToDictionary(p => p.Key, p => p.Value));
            Assert.Equal(config.ToString(), copy.ToString());
            Assert.True(config.Raw.SequenceEqual(copy.Raw));
        }
    }

    [Fact]
    public void Encode_MissingOrUnknownValues_ReportsAll()
    {
        var space = SearchSpace.Parse("""{"a": {"randint": [3]}, "b": {"choice": ["p", "q"]}}""");
        var ex = Assert.Throws<ArgusException>(() => space.Encode(new Dictionary<string, object> { ["b"] = "r" }));
        Assert.Contains("'a' is missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'b' has a value that is not one of its options", ex.Message, StringComparison.Ordinal);
    }
}
