using Argus.Core.Errors;
using Argus.Core.Tuning;
using Xunit.Abstractions;

namespace Argus.Tests.Core.Tuning;

public sealed class TpeSamplerTests(ITestOutputHelper output)
{
    private const int Seeds = 15;
    private const int Budget = 100;

    public static TheoryData<string> Functions => ["quadratic", "branin", "hartmann6"];

    [Theory]
    [MemberData(nameof(Functions))]
    public void Suggest_StandardFunction_MedianBestBeatsRandomAtEqualBudget(string function)
    {
        var (space, objective, globalMin) = function switch
        {
            "quadratic" => (BenchmarkFunctions.QuadraticSpace, (Func<Configuration, double>)BenchmarkFunctions.Quadratic, 0.0),
            "branin" => (BenchmarkFunctions.BraninSpace, BenchmarkFunctions.Branin, 0.397887),
            _ => (BenchmarkFunctions.Hartmann6Space, BenchmarkFunctions.Hartmann6, -3.32237),
        };

        var tpe = new double[Seeds];
        var random = new double[Seeds];
        for (var seed = 0; seed < Seeds; seed++)
        {
            tpe[seed] = BenchmarkFunctions.BestFound(new TpeSampler(space), objective, Budget, seed);
            random[seed] = BenchmarkFunctions.BestFound(new RandomSampler(space), objective, Budget, 1000 + seed);
        }

        var tpeMedian = BenchmarkFunctions.Median(tpe);
        var randomMedian = BenchmarkFunctions.Median(random);
        output.WriteLine($"{function}: median best TPE {tpeMedian:G6}, random {randomMedian:G6} ({Seeds} seeds x {Budget} evaluations)");
        Assert.All(tpe, v => Assert.True(v >= globalMin - 1e-4, $"{v} below the global minimum"));
        Assert.True(tpeMedian < randomMedian, $"TPE median {tpeMedian} is not below random's {randomMedian}");
    }

    [Fact]
    public void Suggest_StartupTrials_EqualRandomSamplerWithSameSeed()
    {
        var space = SearchSpace.Parse("""{"a": {"loguniform": [-3, 0]}, "b": {"choice": [{"name": "t", "d": {"randint": [2, 9]}}, "l"]}, "c": {"qnormal": [0, 3, 1]}}""");
        var tpe = new TpeSampler(space);
        var randomSampler = new RandomSampler(space);
        var tpeRandom = new Random(21);
        var plainRandom = new Random(21);
        var tpeHistory = new List<Trial>();
        var randomHistory = new List<Trial>();
        for (var i = 0; i < tpe.Options.StartupTrials; i++)
        {
            var fromTpe = tpe.Suggest(tpeHistory, tpeRandom)!;
            var fromRandom = randomSampler.Suggest(randomHistory, plainRandom)!;
            Assert.Equal(fromRandom.ToString(), fromTpe.ToString());
            tpeHistory.Add(Trial.Completed(fromTpe, i));
            randomHistory.Add(Trial.Completed(fromRandom, i));
        }

        // After the startup the model takes over, so the streams diverge.
        Assert.NotEqual(randomSampler.Suggest(randomHistory, plainRandom)!.ToString(), tpe.Suggest(tpeHistory, tpeRandom)!.ToString());
    }

    [Fact]
    public void Suggest_MixedConditionalSpace_RespectsTypesBoundsAndBranches()
    {
        var space = SearchSpace.Parse("""
            {"depth": {"quniform": [4, 20, 2]}, "lr": {"qloguniform": [-5, 0, 0.01]}, "n": {"randint": [3, 7]},
             "reg": {"lognormal": [0, 1]},
             "booster": {"choice": [{"name": "gbtree", "max_depth": {"randint": [2, 10]}}, "gblinear"]}}
            """);
        var tpe = new TpeSampler(space, new TpeOptions { StartupTrials = 5 });
        var random = new Random(4);
        var history = new List<Trial>();
        for (var i = 0; i < 60; i++)
        {
            var c = tpe.Suggest(history, random)!;
            var depth = (double)c["depth"];
            Assert.True(depth % 2 == 0 && depth >= 4 && depth <= 20, $"depth {depth}");
            var lr = (double)c["lr"];
            Assert.True(lr >= 0 && lr <= 1.0 + 1e-9 && Math.Abs((lr / 0.01) - Math.Round(lr / 0.01)) < 1e-6, $"lr {lr}");
            Assert.InRange(Assert.IsType<long>(c["n"]), 3, 6);
            Assert.True((double)c["reg"] > 0);
            var tree = (string)c["booster"] == "gbtree";
            Assert.Equal(tree, c.Values.ContainsKey("booster.max_depth"));
            var loss = Math.Abs(depth - 10) + Math.Abs(lr - 0.1) + (tree ? Math.Abs((long)c["booster.max_depth"] - 6) : 3);
            history.Add(i % 7 == 3 ? Trial.Failed(c) : Trial.Completed(c, loss));
        }

        // The model should favour the better branch once it has learnt.
        Assert.True(history.Skip(30).Count(t => (string)t.Configuration["booster"] == "gbtree") > 15);
    }

    [Fact]
    public void Suggest_SameSeed_GivesSameSequence()
    {
        static List<string> Run(int seed)
        {
            var tpe = new TpeSampler(BenchmarkFunctions.BraninSpace, new TpeOptions { StartupTrials = 5 });
            var random = new Random(seed);
            var history = new List<Trial>();
            for (var i = 0; i < 25; i++)
            {
                var c = tpe.Suggest(history, random)!;
                history.Add(Trial.Completed(c, BenchmarkFunctions.Branin(c)));
            }

            return history.Select(t => t.Configuration.ToString()).ToList();
        }

        Assert.Equal(Run(8), Run(8));
        Assert.NotEqual(Run(8), Run(9));
    }

    [Fact]
    public void Suggest_TrialFromAnotherSpace_Throws()
    {
        var other = BenchmarkFunctions.BraninSpace.Sample(new Random(1));
        var tpe = new TpeSampler(SearchSpace.Parse("""{"x1": {"uniform": [-5, 10]}, "x2": {"uniform": [0, 15]}}"""), new TpeOptions { StartupTrials = 0 });
        var ex = Assert.Throws<ArgusException>(() => tpe.Suggest([Trial.Completed(other, 1)], new Random(1)));
        Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
    }

    [Fact]
    public void Constructor_InvalidOptions_ReportsAllTogether()
    {
        var ex = Assert.Throws<ArgusException>(() => new TpeSampler(BenchmarkFunctions.BraninSpace, new TpeOptions
        {
            StartupTrials = -1, Candidates = 0, Gamma = 1.5, GammaCap = 0, PriorWeight = 0, LinearForgetting = -2,
        }));

        foreach (var name in new[] { "StartupTrials", "Candidates", "Gamma ", "GammaCap", "PriorWeight", "LinearForgetting" })
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }
    }
}
