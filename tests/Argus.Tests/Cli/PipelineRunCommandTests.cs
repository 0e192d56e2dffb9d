using Argus.Core.Pipelines.Runs;
using Argus.Core.Pipelines.Templates;
using Argus.Core.Registry;
using Argus.Core.Pipelines.Steps;
using Argus.Tests.Core.Data;
using Argus.Tests.Core.Pipelines;

namespace Argus.Tests.Cli;

/// <summary><c>argus pipeline run / retry / runs / logs / schedule / unschedule / schedules</c> against a SQLite store.</summary>
public sealed class PipelineRunCommandTests : IDisposable
{
    private readonly CliSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private static Task<CliResult> RunAsync(StepKindCatalog kinds, params string[] args) => CliSandbox.RunAsync(kinds, args);

    private Task<CliResult> RunWithStoreAsync(StepKindCatalog kinds, params string[] args) => RunAsync(kinds, [.. args, "--tracking-uri", _sandbox.TrackingUri]);

    private string PathIn(string name) => Path.Combine(_sandbox.Directory, name);

    private static string RunIdIn(string output)
    {
        var at = output.IndexOf(": run ", StringComparison.Ordinal) + ": run ".Length;
        return output[at..(at + 32)];
    }

    [Fact]
    public async Task RunThenRetry_RetrainTemplateWithAFailingEvaluate_RetryFinishesFromThatStepAndPromotes()
    {
        // The retrain template on the tips data, kept small; evaluate reads a file that is not there yet.
        var folder = PathIn("pipelines");
        Directory.CreateDirectory(folder);
        File.Copy(DataFixtures.TipsPath, Path.Combine(folder, "tips.csv"));
        var yaml = RetrainTemplate.Write("tips.csv", "tip", "tips", new RetrainTemplateOptions { MaxEvals = 3 })
            .Replace("  retries: 2\n", "  retries: 0\n", StringComparison.Ordinal)
            .Replace("      params: ${{ steps.tune.outputs.best_params }}\n", "      params: ${{ steps.tune.outputs.best_params }}\n      rounds: \"10\"\n", StringComparison.Ordinal);
        var evaluateData = "      baseline: \"@champion\"\n      data: ${{ steps.data.outputs.path }}\n";
        Assert.Contains(evaluateData, yaml, StringComparison.Ordinal);
        yaml = yaml.Replace(evaluateData, "      baseline: \"@champion\"\n      data: holdout.csv\n", StringComparison.Ordinal);
        var file = Path.Combine(folder, "retrain.yaml");
        await File.WriteAllTextAsync(file, yaml);

        var first = await RunWithStoreAsync(TestStepKinds.Argus, "pipeline", "run", file);

        Assert.True(first.ExitCode == 1, first.ToString());
        Assert.Contains("[data] started (data)", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("[train] succeeded in ", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("[evaluate] FAILED after 1 attempt", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("[promote] skipped: Not run: it needs step 'evaluate'", first.Stdout, StringComparison.Ordinal);
        var failedId = RunIdIn(first.Stderr);
        Assert.Contains($"argus pipeline logs {failedId} --step evaluate", first.Stderr, StringComparison.Ordinal);
        Assert.Contains($"argus pipeline retry {failedId}", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("holdout.csv", first.Stderr, StringComparison.Ordinal);

        // Fixed: the file is there now.
        File.Copy(DataFixtures.TipsPath, Path.Combine(folder, "holdout.csv"));
        var retry = await RunWithStoreAsync(TestStepKinds.Argus, "pipeline", "retry", failedId);

        Assert.True(retry.ExitCode == 0, retry.ToString());
        Assert.DoesNotContain("[tune]", retry.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("[train]", retry.Stdout, StringComparison.Ordinal);
        Assert.Contains("[evaluate] succeeded in ", retry.Stdout, StringComparison.Ordinal);
        Assert.Contains("[promote] succeeded in ", retry.Stdout, StringComparison.Ordinal);
        Assert.Contains($"(retry of {failedId}) succeeded", retry.Stdout, StringComparison.Ordinal);

        await using var store = await _sandbox.OpenStoreAsync();
        var runs = (await PipelineStores.For(store).SearchRunsAsync(new PipelineRunQuery { Pipeline = "tips-retrain" }, default)).Items;
        Assert.Equal(2, runs.Count);
        var (second, firstRun) = (runs[0], runs[1]);
        Assert.Equal((PipelineRunState.Failed, PipelineTrigger.Manual), (firstRun.State, firstRun.Trigger));
        Assert.StartsWith("Step 'evaluate' failed: ", firstRun.Message, StringComparison.Ordinal);
        Assert.Equal(folder, firstRun.WorkingDirectory);
        Assert.Equal((PipelineRunState.Succeeded, PipelineTrigger.Retry, failedId), (second.State, second.Trigger, second.RetryOf));
        foreach (var carried in new[] { "data", "tune", "train", "register" })
        {
            Assert.Equal(firstRun.Steps.Single(s => s.Step == carried), second.Steps.Single(s => s.Step == carried) with { Outputs = firstRun.Steps.Single(s => s.Step == carried).Outputs });
        }

        var version = second.Steps.Single(s => s.Step == "register").Outputs["version"];
        var champion = await ModelRegistries.For(store).GetModelVersionByAliasAsync("tips", "champion", default);
        Assert.Equal(version, champion.Version);

        var list = await RunWithStoreAsync(TestStepKinds.Argus, "pipeline", "runs", "--pipeline", "tips-retrain");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(failedId, list.Stdout, StringComparison.Ordinal);
        Assert.Contains($"retry of {failedId}", list.Stdout, StringComparison.Ordinal);

        var logs = await RunWithStoreAsync(TestStepKinds.Argus, "pipeline", "logs", failedId, "--step", "evaluate");
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Contains("attempt 1 failed: ", logs.Stdout, StringComparison.Ordinal);
    }

    private string WriteCommandPipeline(string name, string steps)
    {
        var file = PathIn(name + ".yaml");
        File.WriteAllText(file, $"name: {name}\nparams:\n  word: hello\nsteps:\n{steps}");
        return file;
    }

    [Fact]
    public async Task Run_StepLogLines_PrintedWithTheStepNameAndStoredForLogs()
    {
        var probe = new ProbeStepKind();
        var kinds = new StepKindCatalog([probe]);
        var file = WriteCommandPipeline("greet", """
              - { name: say, kind: probe, with: { log: "${{ params.word }} from say" } }
              - { name: then, kind: probe, needs: [say], with: { log: "and then" } }
            """);

        var run = await RunWithStoreAsync(kinds, "pipeline", "run", file, "--param", "word=bonjour");
        var runId = RunIdIn(run.Stdout);
        var logs = await RunWithStoreAsync(kinds, "pipeline", "logs", runId);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[say] bonjour from say\n", run.Stdout, StringComparison.Ordinal);
        Assert.True(run.Stdout.IndexOf("[say] succeeded", StringComparison.Ordinal) < run.Stdout.IndexOf("[then] started", StringComparison.Ordinal), run.Stdout);
        Assert.Contains($"Pipeline greet: run {runId} succeeded in ", run.Stdout, StringComparison.Ordinal);
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.True(logs.Stdout.IndexOf("==> say (probe): succeeded, 1 attempt <==", StringComparison.Ordinal)
            < logs.Stdout.IndexOf("==> then (probe): succeeded, 1 attempt <==", StringComparison.Ordinal), logs.Stdout);
        Assert.Contains("bonjour from say\n", logs.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownParameter_RefusedBeforeAnythingRuns()
    {
        var probe = new ProbeStepKind();
        var file = WriteCommandPipeline("greet", "  - { name: say, kind: probe }\n");

        var result = await RunWithStoreAsync(new StepKindCatalog([probe]), "pipeline", "run", file, "--param", "colour=red");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has no parameter 'colour'", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(probe.Starts);
    }

    [Fact]
    public async Task Runs_StateFilter_ListsOnlyThoseRuns()
    {
        var kinds = new StepKindCatalog([new ProbeStepKind()]);
        var good = await RunWithStoreAsync(kinds, "pipeline", "run", WriteCommandPipeline("good", "  - { name: a, kind: probe }\n"));
        var bad = await RunWithStoreAsync(kinds, "pipeline", "run", WriteCommandPipeline("bad", "  - { name: a, kind: probe, with: { fail: boom } }\n"));

        var failed = await RunWithStoreAsync(kinds, "pipeline", "runs", "--state", "failed");

        Assert.Equal((0, 1), (good.ExitCode, bad.ExitCode));
        Assert.True(failed.ExitCode == 0, failed.ToString());
        Assert.Contains(RunIdIn(bad.Stderr), failed.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(RunIdIn(good.Stdout), failed.Stdout, StringComparison.Ordinal);
        Assert.Contains("│ bad ", failed.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_RunThatSucceeded_Refused()
    {
        var kinds = new StepKindCatalog([new ProbeStepKind()]);
        var good = await RunWithStoreAsync(kinds, "pipeline", "run", WriteCommandPipeline("good", "  - { name: a, kind: probe }\n"));

        var retry = await RunWithStoreAsync(kinds, "pipeline", "retry", RunIdIn(good.Stdout));

        Assert.Equal(1, retry.ExitCode);
        Assert.Contains("nothing to retry", retry.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleListUnschedule_StoresTheDefinitionParametersAndFolder()
    {
        var kinds = new StepKindCatalog([new ProbeStepKind()]);
        var file = WriteCommandPipeline("nightly", "  - { name: a, kind: probe }\n");

        var scheduled = await RunWithStoreAsync(kinds, "pipeline", "schedule", file, "--cron", "0 3 * * *", "--timezone", "Europe/Paris", "--param", "word=hi");
        var listed = await RunWithStoreAsync(kinds, "pipeline", "schedules");
        await using (var store = await _sandbox.OpenStoreAsync())
        {
            var schedule = Assert.Single(await PipelineStores.For(store).ListSchedulesAsync(default));
            Assert.Equal(("nightly", "0 3 * * *", "Europe/Paris", true), (schedule.Pipeline, schedule.Cron, schedule.TimeZone, schedule.Enabled));
            Assert.Equal(await File.ReadAllTextAsync(file), schedule.Definition);
            Assert.Equal("hi", schedule.Parameters["word"]);
            Assert.Equal(_sandbox.Directory, schedule.WorkingDirectory);
        }

        var removed = await RunWithStoreAsync(kinds, "pipeline", "unschedule", "nightly");
        var again = await RunWithStoreAsync(kinds, "pipeline", "unschedule", "nightly");
        var empty = await RunWithStoreAsync(kinds, "pipeline", "schedules");

        Assert.True(scheduled.ExitCode == 0, scheduled.ToString());
        Assert.Contains("Scheduled nightly: 0 3 * * * (Europe/Paris)", scheduled.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, scheduled.Stdout.Split('\n').Count(l => l.StartsWith("  20", StringComparison.Ordinal) && l.Contains(" 03:00 ", StringComparison.Ordinal)));
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains("│ nightly ", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("Europe/Paris", listed.Stdout, StringComparison.Ordinal);
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("has no schedule", again.Stderr, StringComparison.Ordinal);
        Assert.Contains("No pipeline is scheduled.", empty.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedule_BadCron_RefusedAndNothingStored()
    {
        var kinds = new StepKindCatalog([new ProbeStepKind()]);
        var file = WriteCommandPipeline("nightly", "  - { name: a, kind: probe }\n");

        var result = await RunWithStoreAsync(kinds, "pipeline", "schedule", file, "--cron", "61 * * * *");
        await using var store = await _sandbox.OpenStoreAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(await PipelineStores.For(store).ListSchedulesAsync(default));
    }
}
