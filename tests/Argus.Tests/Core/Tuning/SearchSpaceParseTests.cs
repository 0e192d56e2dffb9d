using Argus.Core.Errors;
using Argus.Core.Tuning;

namespace Argus.Tests.Core.Tuning;

public sealed class SearchSpaceParseTests
{
    [Fact]
    public void Parse_EveryDistribution_BuildsExpectedNodes()
    {
        var space = SearchSpace.Parse("""
            {
              "u": {"uniform": [0, 1]}, "qu": {"quniform": [4, 100, 1]},
              "lu": {"loguniform": [-3, 0]}, "qlu": {"qloguniform": [0, 3, 2]},
              "n": {"normal": [1, 2]}, "qn": {"qnormal": [0, 5, 1]},
              "ln": {"lognormal": [0, 1]}, "qln": {"qlognormal": [1, 0.5, 0.1]},
              "r1": {"randint": [10]}, "r2": {"randint": [5, 8]},
              "c": {"choice": ["a", 1, 2.5, true]},
              "seed": 0, "tag": "x", "flag": false, "ratio": 0.5
            }
            """);

        var nodes = space.Entries.ToDictionary(e => e.Name, e => e.Node);
        Assert.Equal(new UniformDistribution(0, 1), nodes["u"]);
        Assert.Equal(new UniformDistribution(4, 100, 1), nodes["qu"]);
        Assert.Equal(new UniformDistribution(-3, 0, null, Log: true), nodes["lu"]);
        Assert.Equal(new UniformDistribution(0, 3, 2, Log: true), nodes["qlu"]);
        Assert.Equal(new NormalDistribution(1, 2), nodes["n"]);
        Assert.Equal(new NormalDistribution(0, 5, 1), nodes["qn"]);
        Assert.Equal(new NormalDistribution(0, 1, null, Log: true), nodes["ln"]);
        Assert.Equal(new NormalDistribution(1, 0.5, 0.1, Log: true), nodes["qln"]);
        Assert.Equal(new RandIntDistribution(0, 10), nodes["r1"]);
        Assert.Equal(new RandIntDistribution(5, 8), nodes["r2"]);
        var choice = Assert.IsType<ChoiceNode>(nodes["c"]);
        Assert.Equal(new object[] { "a", 1L, 2.5, true }, choice.Options.Select(o => ((ConstantNode)o).Value));
        Assert.Equal(0L, ((ConstantNode)nodes["seed"]).Value);
        Assert.Equal("x", ((ConstantNode)nodes["tag"]).Value);
        Assert.Equal(false, ((ConstantNode)nodes["flag"]).Value);
        Assert.Equal(0.5, ((ConstantNode)nodes["ratio"]).Value);
        Assert.Equal("qloguniform", ((UniformDistribution)nodes["qlu"]).Name);
        Assert.Equal("qlognormal", ((NormalDistribution)nodes["qln"]).Name);
    }

    [Fact]
    public void Parse_NestedChoice_BuildsLabelledSubSpace()
    {
        var space = SearchSpace.Parse("""
            {"booster": {"choice": [{"name": "gbtree", "max_depth": {"randint": [2, 10]}}, "gblinear", {"eta": 0.1}]}}
            """);

        var choice = Assert.IsType<ChoiceNode>(Assert.Single(space.Entries).Node);
        var branch = Assert.IsType<SubSpaceNode>(choice.Options[0]);
        Assert.Equal("gbtree", branch.Label);
        Assert.Equal(new SpaceEntry("max_depth", new RandIntDistribution(2, 10)), Assert.Single(branch.Entries));
        Assert.Equal(new ConstantNode("gblinear"), choice.Options[1]);
        Assert.Null(Assert.IsType<SubSpaceNode>(choice.Options[2]).Label);
    }

    [Fact]
    public void Parse_ManyProblems_ReportsAllTogetherWithPaths()
    {
        var ex = Assert.Throws<ArgusException>(() => SearchSpace.Parse("""
            {
              "a": {"uniform": [1, 1]},
              "b": {"quniform": [0, 1, 0]},
              "c": {"normal": [0, -1]},
              "d": {"choice": []},
              "e": {"foo": [1]},
              "f": {"uniform": [1]},
              "g": {"randint": [1.5]},
              "h": {"loguniform": [0, 1], "x": 1},
              "i": null,
              "j": {"choice": [{"name": "k", "z": {"lognormal": [0, 0]}}]},
              "k": {"randint": [5, 5]},
              "l": {"qnormal": [0, 1]},
              "m": {"choice": ["x", "x"]},
              "n": {"uniform": 3}
            }
            """));

        Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
        string[] expected =
        [
            "$.a: uniform needs low < high",
            "$.b: quniform needs q > 0",
            "$.c: normal needs sigma > 0",
            "$.d: choice needs at least one option",
            "$.e: unknown distribution 'foo'",
            "$.f.uniform: expects [low, high], got 1",
            "$.g.randint[0]: must be an integer",
            "$.h: a distribution object needs exactly one key",
            "$.i: expected a constant",
            "$.j.choice[0].z: lognormal needs sigma > 0",
            "$.k: randint needs low < upper",
            "$.l.qnormal: expects [mu, sigma, q], got 2",
            "$.m.choice[1]: duplicate option value",
            "$.n.uniform: the arguments must be a JSON array",
        ];
        foreach (var message in expected)
        {
            Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(expected.Length, ex.Message.Split('\n').Length - 1);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("{\"a\": ")]
    public void Parse_NotAnObject_Throws(string json)
    {
        var ex = Assert.Throws<ArgusException>(() => SearchSpace.Parse(json));
        Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
    }

    [Fact]
    public void Constructor_InvalidModel_ReportsAllProblems()
    {
        var ex = Assert.Throws<ArgusException>(() => new SearchSpace(
        [
            new SpaceEntry("a", new UniformDistribution(2, 1)),
            new SpaceEntry("a", new ConstantNode(1L)),
            new SpaceEntry("b.c", new NormalDistribution(0, 1, Q: -1)),
            new SpaceEntry("d", new ChoiceNode([new SubSpaceNode("x", [new SpaceEntry("e", new RandIntDistribution(3, 1))])])),
        ]));

        Assert.Contains("$.a: uniform needs low < high", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.a: duplicate parameter name", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.b.c: a parameter name must be non-empty and must not contain '.'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.b.c: qnormal needs q > 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.d.choice[0].e: randint needs low < upper", ex.Message, StringComparison.Ordinal);
    }
}
