using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Steps;
using Argus.Core.Tracking;
using Argus.Tests.Core.Data;

namespace Argus.Tests.Core.Pipelines.Steps;

/// <summary>The data kind reads and checks a real CSV and versions it by digest in a real store.</summary>
public sealed class DataStepTests : IAsyncLifetime
{
    private StepHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await StepHarness.StartAsync("argus-data-step");

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<IReadOnlyDictionary<string, string>> RunAsync(params (string, object)[] settings) =>
        new DataStep().RunAsync(_harness.Context("data", StepHarness.Settings(settings)), CancellationToken.None);

    [Fact]
    public async Task RunAsync_RelativeTipsPath_OutputsAbsolutePathDigestAndRows_AndRecordsTheVersion()
    {
        var fixtures = Path.GetDirectoryName(DataFixtures.TipsPath)!;
        var context = _harness.Context("data", StepHarness.Settings(("path", "tips.csv"), ("target", "tip"), ("name", "tips")), workingDirectory: fixtures);

        var outputs = await new DataStep().RunAsync(context, CancellationToken.None);

        var digest = DatasetDigest.Compute(TableLoader.Load(DataFixtures.TipsPath, new ColumnMapping { Target = "tip" }));
        Assert.Equal(DataFixtures.TipsPath, outputs["path"]);
        Assert.Equal(digest.Short, outputs["digest"]);
        Assert.Equal("244", outputs["rows"]);
        var experiment = await _harness.Tracker.Store.GetExperimentByNameAsync(DataStep.DefaultExperiment, CancellationToken.None);
        var run = Assert.Single((await _harness.Tracker.Store.SearchRunsAsync(new RunSearch { ExperimentIds = [experiment!.ExperimentId] }, CancellationToken.None)).Items);
        Assert.Equal(RunStatus.Finished, run.Info.Status);
        Assert.Equal("run-1", run.Data.Tags.Single(t => t.Key == StepContext.PipelineRunTag).Value);
        var input = Assert.Single(run.Inputs.DatasetInputs);
        Assert.Equal(("tips", digest.Short), (input.Dataset.Name, input.Dataset.Digest));
        var found = await DatasetVersions.FindAsync(_harness.Tracker.Store, digest.Sha256);
        Assert.Equal(input.Dataset, found);
        var log = _harness.Log.ToString();
        Assert.Contains("244 rows, 7 columns, target tip (regression)", log, StringComparison.Ordinal);
        Assert.Contains($"version {digest.Short}", log, StringComparison.Ordinal);
        Assert.Contains(run.Info.RunId, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SameContentTwice_StoredOnceSameDigest()
    {
        var copy = _harness.Directory.Combine("copy.csv");
        File.Copy(DataFixtures.TipsPath, copy);

        var first = await RunAsync(("path", DataFixtures.TipsPath));
        var second = await RunAsync(("path", copy));

        Assert.Equal(first["digest"], second["digest"]);
        Assert.Contains("already stored", _harness.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RaggedCsv_ErrorNamesStepSettingAndLine()
    {
        await File.WriteAllTextAsync(_harness.Directory.Combine("broken.csv"), "a,b\n1,2\n3\n");

        var error = await Assert.ThrowsAsync<ArgusException>(() => RunAsync(("path", "broken.csv")));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.StartsWith("Step 'data': setting 'path': broken.csv line 3: expected 2 fields, found 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HeaderOnly_SaysThereAreNoRows()
    {
        await File.WriteAllTextAsync(_harness.Directory.Combine("empty.csv"), "a,b\n");

        var error = await Assert.ThrowsAsync<ArgusException>(() => RunAsync(("path", "empty.csv")));

        Assert.Contains("has a header but no rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownTarget_SaysItIsNoColumn()
    {
        var error = await Assert.ThrowsAsync<ArgusException>(() => RunAsync(("path", DataFixtures.TipsPath), ("target", "tips_total")));

        Assert.Contains("target 'tips_total' is not a column of tips.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_S3Path_SaysS3ComesWithTheS3ArtifactStore()
    {
        var error = await Assert.ThrowsAsync<ArgusException>(() => RunAsync(("path", "s3://bucket/tips.csv")));

        Assert.Equal(
            "Step 'data': setting 'path': 's3://bucket/tips.csv': S3 data sources are not supported yet; they come with the S3 artifact store. Give a CSV file path.",
            error.Message);
    }

    [Fact]
    public async Task RunAsync_MissingFile_SaysItDoesNotExist()
    {
        var error = await Assert.ThrowsAsync<ArgusException>(() => RunAsync(("path", "nowhere.csv")));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
        Assert.Contains("nowhere.csv' does not exist", error.Message, StringComparison.Ordinal);
    }
}
