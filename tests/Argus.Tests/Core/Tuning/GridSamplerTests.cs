using Argus.Core.Errors;
using Argus.Core.Tuning;

namespace Argus.Tests.Core.Tuning;

public sealed class GridSamplerTests
{
    private static List<string> Exhaust(GridSampler grid)
    {
        var history = new List<Trial>();
        var random = new Random(0);
        var seen = new List<string>();
        while (grid.Suggest(history, random) is { } config)
        {
            seen.Add(config.ToString());
            history.Add(Trial.Completed(config, 0));
            Assert.True(history.Count <= 1000, "grid did not exhaust");
        }

        return seen;
    }

    [Fact]
    public void Suggest_DiscreteSpace_EnumeratesProductInOrderThenExhausts()
    {
        var grid = new GridSampler(SearchSpace.Parse("""{"a": {"choice": ["x", "y"]}, "b": {"randint": [1, 3]}, "c": 7}"""));

        Assert.Equal(4, grid.Count);
        Assert.Equal(["{a=x, b=1, c=7}", "{a=x, b=2, c=7}", "{a=y, b=1, c=7}", "{a=y, b=2, c=7}"], Exhaust(grid));
        Assert.Null(grid.At(4));
    }

    [Fact]
    public void Suggest_NestedChoice_EnumeratesBranchParametersOnlyUnderTheirBranch()
    {
        var grid = new GridSampler(
            SearchSpace.Parse("""{"m": {"choice": [{"name": "p", "d": {"randint": [2]}}, "q"]}, "u": {"uniform": [0, 1]}}"""),
            new GridSamplerOptions { ContinuousPoints = 3 });

        Assert.Equal(
        [
            "{m=p, m.d=0, u=0}", "{m=p, m.d=0, u=0.5}", "{m=p, m.d=0, u=1}",
            "{m=p, m.d=1, u=0}", "{m=p, m.d=1, u=0.5}", "{m=p, m.d=1, u=1}",
            "{m=q, u=0}", "{m=q, u=0.5}", "{m=q, u=1}",
        ], Exhaust(grid));
    }

    [Fact]
    public void Suggest_LogAndQuantizedDimensions_UseLogSpacingAndEnumerateMultiples()
    {
        var grid = new GridSampler(SearchSpace.Parse("""{"lr": {"loguniform": [0, 4.605170185988092]}, "n": {"quniform": [4, 8, 2]}}"""),
            new GridSamplerOptions { ContinuousPoints = 3 });

        var points = Enumerable.Range(0, (int)grid.Count).Select(i => grid.At(i)!).ToList();
        Assert.Equal(9, points.Count);
        var lrs = points.Select(p => (double)p["lr"]).Distinct().ToList();
        Assert.Equal(3, lrs.Count);
        Assert.Equal(1, lrs[0], 9);
        Assert.Equal(10, lrs[1], 9);
        Assert.Equal(100, lrs[2], 9);
        Assert.Equal([4.0, 6.0, 8.0], points.Take(3).Select(p => (double)p["n"]));
    }

    [Fact]
    public void Suggest_NormalDimension_UsesPointsWithinTwoSigmas()
    {
        var grid = new GridSampler(SearchSpace.Parse("""{"x": {"normal": [10, 1]}}"""));
        Assert.Equal([8.0, 9.0, 10.0, 11.0, 12.0], Enumerable.Range(0, 5).Select(i => (double)grid.At(i)!["x"]));
    }

    [Fact]
    public void Constructor_TooManyValuesAndBadOptions_Throws()
    {
        var space = SearchSpace.Parse("""{"a": {"randint": [100]}, "b": {"randint": [50]}}""");
        var ex = Assert.Throws<ArgusException>(() => new GridSampler(space, new GridSamplerOptions { MaxValuesPerDimension = 60 }));
        Assert.Contains("'a' has 100 grid values", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'b'", ex.Message, StringComparison.Ordinal);

        var options = Assert.Throws<ArgusException>(() => new GridSampler(space, new GridSamplerOptions { ContinuousPoints = 1, MaxValuesPerDimension = 0 }));
        Assert.Contains("ContinuousPoints", options.Message, StringComparison.Ordinal);
        Assert.Contains("MaxValuesPerDimension", options.Message, StringComparison.Ordinal);
    }
}
