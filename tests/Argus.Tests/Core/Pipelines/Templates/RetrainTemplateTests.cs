using Argus.Core.Errors;
using Argus.Core.Pipelines;
using Argus.Core.Pipelines.Templates;

namespace Argus.Tests.Core.Pipelines.Templates;

public sealed class RetrainTemplateTests
{
    // The outputs each kind promises (its contract); the template may read only these.
    private static readonly Dictionary<string, string[]> Outputs = new()
    {
        ["data"] = ["path", "digest", "rows"],
        ["tune"] = ["run_id", "best_run_id", "best_params", "best_metric"],
        ["train"] = ["run_id", "model_uri", "test_rmse"],
        ["register"] = ["version"],
        ["evaluate"] = ["run_id", "candidate_rmse", "baseline_rmse"],
        ["promote"] = ["promoted", "champion", "verdict"],
    };

    [Fact]
    public void Write_Defaults_ValidatesWithArgusKindsInStepOrder()
    {
        var definition = PipelineYaml.Parse(RetrainTemplate.Write("data/tips.csv", "tip", "tips"), TestStepKinds.Argus);

        Assert.Equal("tips-retrain", definition.Name);
        Assert.Equal(new Dictionary<string, string> { ["data"] = "data/tips.csv", ["target"] = "tip", ["model"] = "tips", ["max_evals"] = "20", ["monitor_window"] = "1h" }, definition.Parameters);
        Assert.Equal(RetrainTemplate.StepNames, PipelineGraph.Of(definition).Order);
        Assert.Equal(RetrainTemplate.StepNames, definition.Steps.Select(s => s.Kind));
        Assert.Null(definition.OnFailure);
        Assert.All(definition.Steps, s => Assert.Equal(s.Name == "tune" ? 0 : 2, s.Retry.Retries));
        Assert.Equal(TimeSpan.FromHours(2), definition.Steps.Single(s => s.Name == "tune").Timeout);
        Assert.Equal(StepValue.Of("${{ steps.tune.outputs.best_params }}"), definition.Steps.Single(s => s.Name == "train").With["params"]);
        Assert.Equal(StepValue.Of("@champion"), definition.Steps.Single(s => s.Name == "evaluate").With["baseline"]);
        Assert.Equal(StepValue.Of("${{ steps.data.outputs.digest }}"), definition.Steps.Single(s => s.Name == "monitor").With["reference"]);
    }

    [Fact]
    public void Write_ReadsOnlyTheOutputsTheKindsPromise()
    {
        var definition = PipelineYaml.Parse(RetrainTemplate.Write("d.csv", "y", "m"), TestStepKinds.Argus);

        var references = definition.Steps
            .SelectMany(s => s.With.Values)
            .SelectMany(v => Expressions.Parse(v.Text!))
            .Where(r => r.Source == ExpressionSource.StepOutput)
            .ToList();

        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r.Output!, Outputs[definition.Steps.Single(s => s.Name == r.Name).Kind]));
    }

    [Fact]
    public void Write_Options_NameEvalsMetricAndSeed()
    {
        var yaml = RetrainTemplate.Write("d.csv", "y", "m", new RetrainTemplateOptions { Name = "nightly/m", MaxEvals = 50, Metric = "logloss", Seed = 7 });
        var definition = PipelineYaml.Parse(yaml, TestStepKinds.Argus);

        Assert.Equal("nightly/m", definition.Name);
        Assert.Equal("50", definition.Parameters["max_evals"]);
        var tune = definition.Steps.Single(s => s.Name == "tune");
        Assert.Equal((StepValue.Of("logloss"), StepValue.Of("7")), (tune.With["metric"], tune.With["seed"]));
        Assert.Equal(StepValue.Of("logloss"), definition.Steps.Single(s => s.Name == "promote").With["metric"]);
    }

    [Fact]
    public void Write_ValuesYamlWouldMisread_QuotedAndReadBackExactly()
    {
        const string path = "my data/tips: 2025 #1 \"final\" ${{ x }}.csv";
        const string target = "true";
        const string model = "@tips #2";

        var definition = PipelineYaml.Parse(RetrainTemplate.Write(path, target, model), TestStepKinds.Argus);

        Assert.Equal(path, definition.Parameters["data"]);
        Assert.Equal((target, model), (definition.Parameters["target"], definition.Parameters["model"]));
        Assert.Equal("-tips--2-retrain", definition.Name);
    }

    [Theory]
    [InlineData("", "y", "m", "data path is empty")]
    [InlineData("d.csv", " ", "m", "target is empty")]
    [InlineData("d.csv", "y", "m\nname: x", "model holds a line break")]
    public void Write_BadInput_Rejected(string data, string target, string model, string expected)
    {
        var error = Assert.Throws<ArgusException>(() => RetrainTemplate.Write(data, target, model));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_BadOptions_EveryProblemListed()
    {
        var error = Assert.Throws<ArgusException>(() => RetrainTemplate.Write("d.csv", "y", "m", new RetrainTemplateOptions { MaxEvals = 0, Name = "a b" }));

        Assert.Equal("Cannot write the retrain pipeline: max evals must be 1–10000 (got 0); pipeline name 'a b' must be 1–200 letters, digits, '-', '_', '.' or '/'.", error.Message);
    }
}
