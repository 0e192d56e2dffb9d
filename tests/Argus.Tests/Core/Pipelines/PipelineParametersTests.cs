using Argus.Core.Errors;
using Argus.Core.Pipelines;

namespace Argus.Tests.Core.Pipelines;

public sealed class PipelineParametersTests
{
    private static readonly PipelineDefinition Definition = new()
    {
        Name = "p",
        Parameters = new Dictionary<string, string> { ["data"] = "a.csv", ["model"] = "m" },
        Steps = [],
        Source = string.Empty,
    };

    [Fact]
    public void Merge_Overrides_ReplaceDefaults()
    {
        var merged = PipelineParameters.Merge(Definition, new Dictionary<string, string> { ["data"] = "b.csv" });

        Assert.Equal(new Dictionary<string, string> { ["data"] = "b.csv", ["model"] = "m" }, merged);
    }

    [Fact]
    public void Merge_UndeclaredParameters_AllNamed()
    {
        var error = Assert.Throws<ArgusException>(() =>
            PipelineParameters.Merge(Definition, new Dictionary<string, string> { ["dta"] = "x", ["rows"] = "1" }));

        Assert.Equal("Pipeline 'p' has no parameter 'dta', 'rows'; its parameters: data, model.", error.Message);
    }

    [Fact]
    public void ParseAssignments_Pairs_ValueMayBeEmptyOrHoldEquals()
    {
        var values = PipelineParameters.ParseAssignments(["data=new.csv", "filter=a=b", "note="]);

        Assert.Equal(new Dictionary<string, string> { ["data"] = "new.csv", ["filter"] = "a=b", ["note"] = string.Empty }, values);
    }

    [Fact]
    public void ParseAssignments_Malformed_EveryOneListed()
    {
        var error = Assert.Throws<ArgusException>(() => PipelineParameters.ParseAssignments(["data", "=x", "a=1", "a=2"]));

        Assert.Equal("Invalid parameters: 'data' is not NAME=VALUE; '=x' is not NAME=VALUE; parameter 'a' is given twice.", error.Message);
    }
}
