using Argus.Core.Errors;
using Argus.Core.Pipelines;
using Argus.Core.Pipelines.Runs;

namespace Argus.Tests.Core.Pipelines;

public sealed class PipelineGraphTests
{
    private static StepDefinition Step(string name, params string[] needs) => new() { Name = name, Kind = "noop", Needs = needs };

    // a → b, a → c, b + c → d (d needs b and c, which both need a), e alone.
    private static readonly PipelineGraph Diamond = new([Step("a"), Step("b", "a"), Step("c", "a"), Step("d", "b", "c"), Step("e")]);

    [Fact]
    public void Order_IndependentSteps_FileOrder()
    {
        var graph = new PipelineGraph([Step("x"), Step("y"), Step("z")]);

        Assert.Equal(["x", "y", "z"], graph.Order);
    }

    [Fact]
    public void Order_StepsWrittenBeforeTheirNeeds_NeedsFirstThenFileOrder()
    {
        // c needs b needs a, written backwards; f is ready at once and comes where the file puts it among ready steps.
        var graph = new PipelineGraph([Step("c", "b"), Step("f"), Step("b", "a"), Step("a")]);

        Assert.Equal(["f", "a", "b", "c"], graph.Order);
    }

    [Fact]
    public void Order_Diamond_EachStepAfterItsNeeds()
    {
        Assert.Equal(["a", "b", "c", "d", "e"], Diamond.Order);
    }

    [Fact]
    public void UpstreamAndDownstream_Transitive()
    {
        Assert.Equal(["a", "b", "c"], Diamond.Upstream("d").Order());
        Assert.Empty(Diamond.Upstream("a"));
        Assert.Equal(["b", "c", "d"], Diamond.Downstream("a").Order());
        Assert.Empty(Diamond.Downstream("e"));
    }

    [Fact]
    public void ReadyAfter_SucceededSteps_WhatMayStartNext()
    {
        Assert.Equal(["a", "e"], Diamond.ReadyAfter([]));
        Assert.Equal(["b", "c", "e"], Diamond.ReadyAfter(["a"]));
        Assert.Equal(["c", "e"], Diamond.ReadyAfter(["a", "b"]));
        Assert.Equal(["d"], Diamond.ReadyAfter(["a", "b", "c", "e"]));
        Assert.Empty(Diamond.ReadyAfter(["a", "b", "c", "d", "e"]));
    }

    [Fact]
    public void Ready_States_PendingStepsWhoseNeedsSucceeded()
    {
        var states = new Dictionary<string, StepState>
        {
            ["a"] = StepState.Succeeded,
            ["b"] = StepState.Running,
            ["c"] = StepState.Pending,
            ["e"] = StepState.Succeeded,
        };

        Assert.Equal(["c"], Diamond.Ready(states));
    }

    [Fact]
    public void Blocked_FailedStep_EverythingDownstreamStillPending()
    {
        var states = new Dictionary<string, StepState>
        {
            ["a"] = StepState.Succeeded,
            ["b"] = StepState.Failed,
            ["c"] = StepState.Running,
        };

        Assert.Equal(["d"], Diamond.Blocked(states));
        Assert.Equal(["e"], Diamond.Ready(states));
    }

    [Fact]
    public void Blocked_SkippedStep_BlocksItsDependentsToo()
    {
        var graph = new PipelineGraph([Step("a"), Step("b", "a"), Step("c", "b")]);
        var states = new Dictionary<string, StepState> { ["a"] = StepState.Failed, ["b"] = StepState.Skipped };

        Assert.Equal(["c"], graph.Blocked(states));
    }

    [Fact]
    public void FindCycles_ThreeSteps_FromTheFirstInFileOrder()
    {
        var cycles = PipelineGraph.FindCycles([Step("x"), Step("b", "c"), Step("a", "b"), Step("c", "a", "x")]);

        Assert.Equal(["b", "c", "a", "b"], Assert.Single(cycles));
    }

    [Fact]
    public void FindCycles_SeparateCyclesAndSelfNeed_EachReported()
    {
        var cycles = PipelineGraph.FindCycles([Step("a", "b"), Step("b", "a"), Step("s", "s"), Step("p", "q"), Step("q", "p", "a")]);

        Assert.Equal<IReadOnlyList<string>>([["a", "b", "a"], ["s", "s"], ["p", "q", "p"]], cycles);
    }

    [Fact]
    public void FindCycles_Dag_None()
    {
        Assert.Empty(PipelineGraph.FindCycles(Diamond.Steps));
    }

    [Fact]
    public void FindCycles_ShortestCycleThroughTheFirstStep()
    {
        // a → b → a and a → c → d → a share a; the shorter one is named.
        var cycles = PipelineGraph.FindCycles([Step("a", "c", "b"), Step("b", "a"), Step("c", "d"), Step("d", "a")]);

        Assert.Equal(["a", "b", "a"], Assert.Single(cycles));
    }

    [Fact]
    public void Constructor_LongChain_NoStackOverflow()
    {
        var steps = Enumerable.Range(0, 20_000).Select(i => i == 0 ? Step("s0") : Step($"s{i}", $"s{i - 1}")).ToList();

        var graph = new PipelineGraph(steps);

        Assert.Equal("s19999", graph.Order[^1]);
        Assert.Equal(19_999, graph.Upstream("s19999").Count);
    }

    [Fact]
    public void Constructor_CycleOrUnknownNeed_Rejected()
    {
        var cycle = Assert.Throws<ArgusException>(() => new PipelineGraph([Step("a", "b"), Step("b", "a")]));
        var unknown = Assert.Throws<ArgusException>(() => new PipelineGraph([Step("a", "ghost")]));

        Assert.Contains("a → b → a", cycle.Message, StringComparison.Ordinal);
        Assert.Contains("step 'a' needs 'ghost', which is not a step", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_Unknown_NotFound()
    {
        var error = Assert.Throws<ArgusException>(() => Diamond.Upstream("zz"));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
    }
}
