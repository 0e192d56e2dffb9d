using Argus.Core.Tracking;
using Argus.Tests.Core.Data;

namespace Argus.Tests.Cli;

public sealed class TrainCommandTests : IDisposable
{
    private static readonly string Tips = DataFixtures.TipsPath;

    private readonly CliSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Train_Tips_PrintsRunAndMetricsAndTracksTheRun()
    {
        var result = await _sandbox.RunWithStoreAsync("train", "--data", Tips, "--target", "tip", "--experiment", "tips", "-p", "max_depth=3", "--rounds", "30");
        Assert.True(result.ExitCode == 0, result.ToString());
        var runId = result.Stdout.Split(' ')[1];
        Assert.Contains("test_rmse = ", result.Stdout, StringComparison.Ordinal);

        await using var store = await _sandbox.OpenStoreAsync();
        var run = await store.GetRunAsync(runId, CancellationToken.None);
        Assert.Equal(RunStatus.Finished, run.Info.Status);
        Assert.Contains(new Param("max_depth", "3"), run.Data.Params);
        Assert.Equal("tips", (await store.GetExperimentAsync(run.Info.ExperimentId, CancellationToken.None)).Name);
    }

    [Fact]
    public async Task Train_TextColumn_LeftOutOfTheFeaturesAndSaid()
    {
        var lines = await File.ReadAllLinesAsync(Tips);
        var file = Path.Combine(_sandbox.Directory, "tips-notes.csv");
        await File.WriteAllLinesAsync(file, lines.Select((line, i) => line + (i == 0 ? ",\"note\"" : $",\"table {i} asked for water\"")));

        var result = await _sandbox.RunWithStoreAsync("train", "--data", file, "--target", "tip", "--rounds", "10");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("note: text columns are not model features (XGBoost takes numbers): note.", result.Stderr, StringComparison.Ordinal);
        var runId = result.Stdout.Split(' ')[1];
        await using var store = await _sandbox.OpenStoreAsync();
        var run = await store.GetRunAsync(runId, CancellationToken.None);
        Assert.Contains(new Tag("argus.ignored_text_features", "note"), run.Data.Tags);
        var artifacts = Argus.Core.Artifacts.ArtifactRepositories.For(run.Info.ArtifactUri, store);
        await using var metadata = await artifacts.OpenReadAsync("model/argus-model.json", CancellationToken.None);
        using var json = await System.Text.Json.JsonDocument.ParseAsync(metadata);
        Assert.Equal(["note"], json.RootElement.GetProperty("ignored_text_features").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain(json.RootElement.GetProperty("inputs").EnumerateArray(), i => i.GetProperty("name").GetString() == "note");
    }

    [Theory]
    [InlineData("--target", "missing_column", "missing_column")]
    [InlineData("-p", "max_depth", "name=value")]
    public async Task Train_BadInput_ExitOneWithMessage(string option, string value, string expected)
    {
        var result = await _sandbox.RunWithStoreAsync("train", "--data", Tips, option, value);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_RaggedCsv_ErrorNamesFileAndLine()
    {
        var file = Path.Combine(_sandbox.Directory, "ragged.csv");
        await File.WriteAllTextAsync(file, "a,b,y\n1,2,3\n4,5\n");
        var result = await _sandbox.RunWithStoreAsync("train", "--data", file, "--target", "y");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ragged.csv line 3", result.Stderr, StringComparison.Ordinal);
    }
}
