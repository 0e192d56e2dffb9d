using Argus.Core.Pipelines.Steps;
using Argus.Tests.Core.Pipelines;

namespace Argus.Tests.Cli;

public sealed class PipelineCommandTests : IDisposable
{
    private readonly CliSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private static Task<CliResult> RunAsync(StepKindCatalog kinds, params string[] args) => CliSandbox.RunAsync(kinds, args);

    private string PathIn(string name) => Path.Combine(_sandbox.Directory, name);

    [Fact]
    public async Task InitRetrain_ThenValidate_StepsInRunOrder()
    {
        var data = PathIn("tips.csv");
        await File.WriteAllTextAsync(data, "total_bill,tip\n10,1\n");
        var file = PathIn("tips-retrain.yaml");

        var init = await RunAsync(TestStepKinds.Argus, "pipeline", "init", "retrain", "--data", data, "--target", "tip", "--model", "tips", "-o", file);
        var validate = await RunAsync(TestStepKinds.Argus, "pipeline", "validate", file);

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("tips-retrain.yaml: data → tune → train → register → evaluate → promote → monitor.", init.Stdout, StringComparison.Ordinal);
        Assert.Contains("Check it with: argus pipeline validate ", init.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, init.Stderr);
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.StartsWith("tips-retrain: valid, 7 steps.\n", validate.Stdout, StringComparison.Ordinal);
        var rows = validate.Stdout.Split('\n').Where(l => l.Contains('│', StringComparison.Ordinal) && !l.Contains(" step ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["data", "tune", "train", "register", "evaluate", "promote", "monitor"], rows.Select(r => r.Split('│', StringSplitOptions.TrimEntries)[2]));
        Assert.Contains("│ register │ train ", validate.Stdout.Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitRetrain_RelativeDataPath_WrittenRelativeToThePipelineFile()
    {
        var file = PathIn(Path.Combine("pipelines", "p.yaml"));
        var data = Path.GetRelativePath(Directory.GetCurrentDirectory(), PathIn("tips.csv"));

        var result = await RunAsync(TestStepKinds.Argus, "pipeline", "init", "retrain", "-d", data, "-t", "tip", "-m", "tips", "-o", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("  data: ../tips.csv\n", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        Assert.Contains("does not exist yet", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitRetrain_ExistingFile_RefusedUnlessForced()
    {
        var file = PathIn("p.yaml");
        await File.WriteAllTextAsync(file, "mine");
        string[] args = ["pipeline", "init", "retrain", "-d", "/data/tips.csv", "-t", "tip", "-m", "tips", "-o", file];

        var refused = await RunAsync(TestStepKinds.Argus, args);
        var kept = await File.ReadAllTextAsync(file);
        var forced = await RunAsync(TestStepKinds.Argus, [.. args, "--force"]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("exists; pass --force to overwrite it", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("mine", kept);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Contains("  data: /data/tips.csv\n", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitRetrain_MissingRequiredOption_UsageError()
    {
        var result = await RunAsync(TestStepKinds.Argus, "pipeline", "init", "retrain", "--data", "x.csv", "--target", "tip");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--model", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_InvalidFile_ExitOneWithEveryProblem()
    {
        var file = PathIn("bad.yaml");
        await File.WriteAllTextAsync(file, """
            name: bad
            steps:
              - name: a
                kind: ecko
              - name: b
                kind: echo
                needs: [a, c]
            """);

        var result = await RunAsync(TestStepKinds.Simple, "pipeline", "validate", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(
            $"error: {file} is not a valid pipeline (3 problems):\n" +
            "  line 4, column 11: step 'a': unknown kind 'ecko' (did you mean 'echo'?); known kinds: echo, noop\n" +
            "  line 5, column 11: step 'b': kind 'echo' requires setting 'text' (the text)\n" +
            "  line 7, column 16: step 'b' needs 'c', which is not a step\n",
            result.Stderr);
    }

    [Fact]
    public async Task Validate_PolicyAndNotifications_Printed()
    {
        var file = PathIn("p.yaml");
        await File.WriteAllTextAsync(file, """
            name: p
            params: {day: monday}
            on_failure:
              webhook: https://hooks.example.com/argus
            steps:
              - {name: later, kind: noop, needs: [first], retries: 3, retry_delay: 10s, timeout: 90m}
              - {name: first, kind: echo, with: {text: "${{ params.day }}"}}
            """);

        var result = await RunAsync(TestStepKinds.Simple, "pipeline", "validate", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("params: day=monday\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("on failure: notifies webhook (webhook hooks.example.com)\n", result.Stdout, StringComparison.Ordinal);
        var first = result.Stdout.IndexOf("│ first", StringComparison.Ordinal);
        var later = result.Stdout.IndexOf("│ later", StringComparison.Ordinal);
        Assert.True(first > 0 && later > first, result.Stdout);
        Assert.Contains("3 (after 10s ×2)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("1h30m", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingFile_ExitOne()
    {
        var result = await CliSandbox.RunAsync("pipeline", "validate", "/nonexistent/pipeline.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: The pipeline file '/nonexistent/pipeline.yaml' does not exist.\n", result.Stderr);
    }
}
