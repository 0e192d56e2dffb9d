using Argus.Core.Errors;
using Argus.Core.Pipelines.Runs;

namespace Argus.Tests.Core.Pipelines.Runs;

public sealed class PipelineTextTests
{
    [Fact]
    public void Of_EveryValue_ALowerCaseWordThatParsesBack()
    {
        Assert.Equal(["running", "succeeded", "failed"], Enum.GetValues<PipelineRunState>().Select(PipelineText.Of));
        Assert.Equal(["pending", "running", "succeeded", "failed", "skipped"], Enum.GetValues<StepState>().Select(PipelineText.Of));
        Assert.Equal(["manual", "schedule", "retry"], Enum.GetValues<PipelineTrigger>().Select(PipelineText.Of));
        Assert.All(Enum.GetValues<PipelineRunState>(), v => Assert.Equal(v, PipelineText.ParseRunState(PipelineText.Of(v))));
        Assert.All(Enum.GetValues<StepState>(), v => Assert.Equal(v, PipelineText.ParseStepState(PipelineText.Of(v))));
        Assert.All(Enum.GetValues<PipelineTrigger>(), v => Assert.Equal(v, PipelineText.ParseTrigger(PipelineText.Of(v))));
    }

    [Theory]
    [InlineData("Running")]
    [InlineData("RUNNING")]
    [InlineData("done")]
    [InlineData("")]
    public void ParseRunState_OtherWord_InvalidParameterListingTheWords(string text)
    {
        var e = Assert.Throws<ArgusException>(() => PipelineText.ParseRunState(text, "run.state"));

        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("'run.state'", e.Message, StringComparison.Ordinal);
        Assert.Contains("running, succeeded or failed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Missing_MissingParameterNamingTheField()
    {
        var e = Assert.Throws<ArgusException>(() => PipelineText.ParseTrigger(null, "run.trigger"));

        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("'run.trigger'", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgusException>(() => PipelineText.Of((StepState)42));
    }
}
