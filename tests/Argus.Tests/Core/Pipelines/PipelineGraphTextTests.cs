using Argus.Core.Pipelines;

namespace Argus.Tests.Core.Pipelines;

public sealed class PipelineGraphTextTests
{
    [Fact]
    public void Needs_OneNameOrAList_EachStepsNeedsInFileOrder()
    {
        const string yaml = """
            name: retrain
            steps:
              - name: data
                kind: data
              - name: tune
                kind: tune
                needs: data
              - name: train
                kind: train
                needs: [data, tune]
              - name: report
                kind: report
                needs:
                  - train
                  - "data"
            """;

        var needs = PipelineGraphText.Needs(yaml);

        Assert.Equal(["tune", "train", "report"], needs.Keys);
        Assert.Equal(["data"], needs["tune"]);
        Assert.Equal(["data", "tune"], needs["train"]);
        Assert.Equal(["train", "data"], needs["report"]);
    }

    [Fact]
    public void Needs_UnknownKindsAndSettings_StillRead()
    {
        // Nothing but name and needs is looked at, so a definition with kinds this process lacks still has its edges.
        const string yaml = "name: p\nsteps:\n  - {name: a, kind: nope, with: {x: 1}}\n  - {name: b, kind: other, needs: [a], retries: lots}\n";

        Assert.Equal(["a"], PipelineGraphText.Needs(yaml)["b"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("name: p\n")]
    [InlineData("name: p\nsteps: not-a-list\n")]
    [InlineData("steps: [\n")]
    [InlineData("- a\n- b\n")]
    [InlineData("name: p\nsteps:\n  - just-text\n  - {kind: x, needs: [a]}\n  - {name: c, needs: ~}\n  - {name: d, needs: {a: b}}\n")]
    public void Needs_NotYamlOrNoReadableNeeds_Empty(string yaml)
    {
        Assert.Empty(PipelineGraphText.Needs(yaml));
    }
}
