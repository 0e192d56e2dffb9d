using Argus.Core.Errors;
using Argus.Core.Pipelines;
using Argus.Core.Pipelines.Runs;

namespace Argus.Tests.Core.Pipelines;

public sealed class ExpressionsTests
{
    private static readonly ExpressionScope Scope = new()
    {
        RunId = "r-42",
        Started = new DateTimeOffset(2025, 3, 30, 3, 15, 9, TimeSpan.FromHours(2)),
        Parameters = new Dictionary<string, string> { ["data"] = "data/tips.csv", ["model"] = "tips" },
        Outputs = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["data"] = new Dictionary<string, string> { ["rows"] = "244", ["digest"] = "abc123" },
            ["train"] = new Dictionary<string, string> { ["run_id"] = "run-7", ["test.rmse"] = "1.02" },
        },
    };

    [Theory]
    [InlineData("${{ params.data }}", ExpressionSource.Parameter, "data", null)]
    [InlineData("${{params.data}}", ExpressionSource.Parameter, "data", null)]
    [InlineData("x ${{   steps.train.outputs.run_id   }} y", ExpressionSource.StepOutput, "train", "run_id")]
    [InlineData("${{ steps.train.outputs.test.rmse }}", ExpressionSource.StepOutput, "train", "test.rmse")]
    [InlineData("${{ run.scheduled_for }}", ExpressionSource.Run, "scheduled_for", null)]
    public void Parse_Forms_OneReference(string text, ExpressionSource source, string name, string? output)
    {
        var reference = Assert.Single(Expressions.Parse(text));

        Assert.Equal(new ExpressionReference(source, name, output), reference);
    }

    [Fact]
    public void Parse_EscapedAndPlainText_NoReferences()
    {
        Assert.Empty(Expressions.Parse("$${{ params.data }} costs $5 {not} {{ this }}"));
    }

    [Theory]
    [InlineData("${{ params.data", "does not end with }}")]
    [InlineData("${{ }}", "'${{  }}' is empty")]
    [InlineData("${{ env.HOME }}", "'${{ env.HOME }}' is not an expression: expressions read params.NAME, steps.STEP.outputs.KEY, run.id, run.started or run.scheduled_for")]
    [InlineData("${{ params }}", "write params.NAME")]
    [InlineData("${{ params.a b }}", "write params.NAME")]
    [InlineData("${{ steps.data.output.rows }}", "write steps.STEP.outputs.KEY")]
    [InlineData("${{ steps.data.outputs }}", "write steps.STEP.outputs.KEY")]
    [InlineData("${{ run.name }}", "run has id, started, scheduled_for")]
    public void Parse_Malformed_SaysWhat(string text, string expected)
    {
        var error = Assert.Throws<ArgusException>(() => Expressions.Parse(text));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_EveryForm_SubstitutedInPlace()
    {
        var text = Expressions.Resolve(
            "${{ params.model }}/${{ steps.train.outputs.run_id }}/${{steps.data.outputs.rows}} at ${{ run.started }} for [${{ run.scheduled_for }}] in ${{ run.id }}",
            Scope);

        Assert.Equal("tips/run-7/244 at 2025-03-30T01:15:09Z for [] in r-42", text);
    }

    [Fact]
    public void Resolve_ScheduledRun_TickInUtc()
    {
        var scope = Scope with { ScheduledFor = new DateTimeOffset(2025, 10, 26, 2, 30, 0, TimeSpan.FromHours(1)) };

        Assert.Equal("2025-10-26T01:30:00Z", Expressions.Resolve("${{ run.scheduled_for }}", scope));
    }

    [Fact]
    public void Resolve_Escape_LiteralKeptAndNotEvaluated()
    {
        Assert.Equal("echo ${{ params.data }} and data/tips.csv", Expressions.Resolve("echo $${{ params.data }} and ${{ params.data }}", Scope));
    }

    [Fact]
    public void Resolve_ValueHoldingExpressionText_NotReadAgain()
    {
        var scope = Scope with { Parameters = new Dictionary<string, string> { ["data"] = "${{ run.id }}" } };

        Assert.Equal("${{ run.id }}", Expressions.Resolve("${{ params.data }}", scope));
    }

    [Fact]
    public void Resolve_MissingOutput_NamesWhatTheStepProduced()
    {
        var error = Assert.Throws<ArgusException>(() =>
            Expressions.Resolve(StepValue.Of("${{ steps.data.outputs.path }}"), Scope, "step 'train' setting 'data'"));

        Assert.Equal("step 'train' setting 'data': steps.data.outputs.path — step 'data' produced no output 'path'; it produced: rows, digest", error.Message);
    }

    [Fact]
    public void Resolve_StepWithoutOutputsOrUnknownParameter_Explained()
    {
        var step = Assert.Throws<ArgusException>(() => Expressions.Resolve("${{ steps.tune.outputs.best_params }}", Scope));
        var parameter = Assert.Throws<ArgusException>(() => Expressions.Resolve("${{ params.target }}", Scope));

        Assert.Equal("steps.tune.outputs.best_params — step 'tune' has not succeeded in this run", step.Message);
        Assert.Equal("params.target — the run has no parameter 'target'; its parameters: data, model", parameter.Message);
    }

    [Fact]
    public void Resolve_List_EachItemResolved()
    {
        var value = Expressions.Resolve(StepValue.Of(["--data", "${{ params.data }}", "--rows=${{ steps.data.outputs.rows }}"]), Scope);

        Assert.Equal(["--data", "data/tips.csv", "--rows=244"], value.List!);
    }

    [Fact]
    public void ResolveSettings_Step_EverySettingNamedInErrors()
    {
        var step = new StepDefinition
        {
            Name = "train",
            Kind = "train",
            With = new Dictionary<string, StepValue> { ["data"] = StepValue.Of("${{ params.data }}"), ["rounds"] = StepValue.Of("50") },
        };
        var broken = step with { With = new Dictionary<string, StepValue> { ["data"] = StepValue.Of("${{ steps.data.outputs.path }}") } };

        var settings = Expressions.ResolveSettings(step, Scope);
        var error = Assert.Throws<ArgusException>(() => Expressions.ResolveSettings(broken, Scope));

        Assert.Equal((StepValue.Of("data/tips.csv"), StepValue.Of("50")), (settings["data"], settings["rounds"]));
        Assert.StartsWith("step 'train' setting 'data': steps.data.outputs.path — ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", false)]
    [InlineData("a ${{ run.id }}", true)]
    [InlineData("$${{ run.id }}", false)]
    [InlineData("$${{ run.id }} ${{ run.id }}", true)]
    public void HasExpressions_UnescapedOpening(string text, bool expected)
    {
        Assert.Equal(expected, Expressions.HasExpressions(text));
    }

    [Fact]
    public void Escape_ResolvesBackToTheLiteral()
    {
        const string literal = "weird ${{ params.data }} $${{ x";

        Assert.Equal(literal, Expressions.Resolve(Expressions.Escape(literal), Scope));
    }

    [Fact]
    public void ScopeFor_Run_DefaultsOverriddenAndSucceededOutputsOnly()
    {
        var definition = new PipelineDefinition
        {
            Name = "p",
            Parameters = new Dictionary<string, string> { ["data"] = "a.csv", ["model"] = "m" },
            Steps = [],
            Source = string.Empty,
        };
        var run = new PipelineRun
        {
            RunId = "r1",
            Pipeline = "p",
            State = PipelineRunState.Running,
            Trigger = PipelineTrigger.Schedule,
            ScheduledFor = new DateTimeOffset(2025, 1, 1, 3, 0, 0, TimeSpan.Zero),
            StartTime = new DateTimeOffset(2025, 1, 1, 3, 0, 5, TimeSpan.Zero),
            Heartbeat = new DateTimeOffset(2025, 1, 1, 3, 0, 5, TimeSpan.Zero),
            Owner = "host:1",
            Definition = string.Empty,
            Parameters = new Dictionary<string, string> { ["data"] = "b.csv" },
            Steps =
            [
                new StepRun { Step = "data", Kind = "data", State = StepState.Succeeded, Outputs = new Dictionary<string, string> { ["rows"] = "3" } },
                new StepRun { Step = "tune", Kind = "tune", State = StepState.Failed, Outputs = new Dictionary<string, string> { ["x"] = "1" } },
            ],
        };

        var scope = ExpressionScope.For(definition, run);

        Assert.Equal("b.csv m 3 2025-01-01T03:00:00Z", Expressions.Resolve("${{ params.data }} ${{ params.model }} ${{ steps.data.outputs.rows }} ${{ run.scheduled_for }}", scope));
        Assert.False(scope.Outputs.ContainsKey("tune"));
    }
}
