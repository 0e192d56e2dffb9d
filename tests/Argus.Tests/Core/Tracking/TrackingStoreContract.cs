using System.Text.RegularExpressions;
using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Downsampling;

namespace Argus.Tests.Core.Tracking;

/// <summary>
/// The behaviour every tracking store must show, whatever it is backed by. Subclasses open the
/// store (SQLite, PostgreSQL, HTTP client of a real server); the same assertions run on each.
/// </summary>
public abstract partial class TrackingStoreContract : IAsyncLifetime
{
    private ITrackingStore? _store;

    protected ITrackingStore Store => _store ?? throw new InvalidOperationException("Store not open");

    /// <summary>Whether the store can purge (HTTP clients cannot: gc needs the database).</summary>
    protected virtual bool SupportsPurge => true;

    protected abstract Task<ITrackingStore> OpenStoreAsync();

    protected virtual Task CleanupAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _store = await OpenStoreAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await CleanupAsync();
    }

    private static CancellationToken Ct => CancellationToken.None;

    private static string UniqueName(string prefix = "exp") => $"{prefix}-{Guid.NewGuid():N}";

    private async Task<string> NewExperimentAsync() => await Store.CreateExperimentAsync(UniqueName(), null, [], Ct);

    private async Task<Run> NewRunAsync(string experimentId, string? name = null, long? start = null, IReadOnlyList<Tag>? tags = null) =>
        await Store.CreateRunAsync(new RunCreation { ExperimentId = experimentId, RunName = name, StartTime = start, Tags = tags ?? [] }, Ct);

    private static async Task<ArgusException> Throws(Func<Task> action, ErrorCode code)
    {
        var e = await Assert.ThrowsAsync<ArgusException>(action);
        Assert.Equal(code, e.Code);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        return e;
    }

    [GeneratedRegex("^[a-z]+-[a-z]+-[0-9]{3}$")]
    private static partial Regex GeneratedRunName();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex RunIdPattern();

    // ------------------------------------------------------------------ experiments

    [Fact]
    public async Task GetExperiment_DefaultExperiment_ExistsWithIdZero()
    {
        var experiment = await Store.GetExperimentAsync("0", Ct);
        Assert.Equal("Default", experiment.Name);
        Assert.Equal(LifecycleStage.Active, experiment.LifecycleStage);
        Assert.Equal("0", (await Store.GetExperimentByNameAsync("Default", Ct))!.ExperimentId);
    }

    [Fact]
    public async Task CreateExperiment_WithTags_CanBeReadBack()
    {
        var name = UniqueName();
        var id = await Store.CreateExperimentAsync(name, null, [new Tag("team", "ml"), new Tag("mlflow.note.content", "tips model")], Ct);
        var experiment = await Store.GetExperimentAsync(id, Ct);
        Assert.Equal(name, experiment.Name);
        Assert.EndsWith("/" + id, experiment.ArtifactLocation, StringComparison.Ordinal);
        Assert.Contains(new Tag("team", "ml"), experiment.Tags);
        Assert.Contains(new Tag("mlflow.note.content", "tips model"), experiment.Tags);
        Assert.True(experiment.CreationTime > 0);
        var byName = await Store.GetExperimentByNameAsync(name, Ct);
        Assert.Equal(experiment with { Tags = [] }, byName! with { Tags = [] });
        Assert.Equal(experiment.Tags, byName.Tags);
    }

    [Fact]
    public async Task CreateExperiment_ExplicitArtifactLocation_IsKept()
    {
        var id = await Store.CreateExperimentAsync(UniqueName(), "file:///tmp/argus-elsewhere", [], Ct);
        Assert.Equal("file:///tmp/argus-elsewhere", (await Store.GetExperimentAsync(id, Ct)).ArtifactLocation);
    }

    [Fact]
    public async Task CreateExperiment_DuplicateName_ResourceAlreadyExistsEvenWhenDeleted()
    {
        var name = UniqueName();
        var id = await Store.CreateExperimentAsync(name, null, [], Ct);
        await Throws(() => Store.CreateExperimentAsync(name, null, [], Ct), ErrorCode.ResourceAlreadyExists);
        await Store.DeleteExperimentAsync(id, Ct);
        await Throws(() => Store.CreateExperimentAsync(name, null, [], Ct), ErrorCode.ResourceAlreadyExists);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task CreateExperiment_BlankName_InvalidParameter(string name) =>
        await Throws(() => Store.CreateExperimentAsync(name, null, [], Ct), ErrorCode.InvalidParameterValue);

    [Fact]
    public async Task CreateExperiment_RunsUriArtifactLocation_InvalidParameter() =>
        await Throws(() => Store.CreateExperimentAsync(UniqueName(), "runs:/abc/model", [], Ct), ErrorCode.InvalidParameterValue);

    [Fact]
    public async Task GetExperiment_UnknownId_ResourceDoesNotExist()
    {
        var e = await Throws(() => Store.GetExperimentAsync("987654", Ct), ErrorCode.ResourceDoesNotExist);
        Assert.Contains("987654", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetExperimentByName_Unknown_ReturnsNull() =>
        Assert.Null(await Store.GetExperimentByNameAsync(UniqueName(), Ct));

    [Fact]
    public async Task RenameExperiment_NewName_IsFoundByNewNameOnly()
    {
        var id = await NewExperimentAsync();
        var newName = UniqueName("renamed");
        await Store.RenameExperimentAsync(id, newName, Ct);
        Assert.Equal(newName, (await Store.GetExperimentAsync(id, Ct)).Name);
        Assert.Equal(id, (await Store.GetExperimentByNameAsync(newName, Ct))!.ExperimentId);
    }

    [Fact]
    public async Task RenameExperiment_ToTakenName_ResourceAlreadyExists()
    {
        var first = UniqueName();
        await Store.CreateExperimentAsync(first, null, [], Ct);
        var second = await NewExperimentAsync();
        await Throws(() => Store.RenameExperimentAsync(second, first, Ct), ErrorCode.ResourceAlreadyExists);
    }

    [Fact]
    public async Task DeleteExperiment_DeletesItsRuns_RestoreBringsBackOnlyThose()
    {
        var id = await NewExperimentAsync();
        var deletedBefore = await NewRunAsync(id);
        var kept = await NewRunAsync(id);
        await Store.DeleteRunAsync(deletedBefore.Info.RunId, Ct);

        await Store.DeleteExperimentAsync(id, Ct);
        Assert.Equal(LifecycleStage.Deleted, (await Store.GetExperimentAsync(id, Ct)).LifecycleStage);
        Assert.Equal(LifecycleStage.Deleted, (await Store.GetRunAsync(kept.Info.RunId, Ct)).Info.LifecycleStage);
        await Throws(() => NewRunAsync(id), ErrorCode.InvalidParameterValue);

        await Store.RestoreExperimentAsync(id, Ct);
        Assert.Equal(LifecycleStage.Active, (await Store.GetExperimentAsync(id, Ct)).LifecycleStage);
        Assert.Equal(LifecycleStage.Active, (await Store.GetRunAsync(kept.Info.RunId, Ct)).Info.LifecycleStage);
        Assert.Equal(LifecycleStage.Deleted, (await Store.GetRunAsync(deletedBefore.Info.RunId, Ct)).Info.LifecycleStage);
    }

    [Fact]
    public async Task ExperimentTags_SetOverwriteDelete_LastWriteWins()
    {
        var id = await NewExperimentAsync();
        await Store.SetExperimentTagAsync(id, "stage", "draft", Ct);
        await Store.SetExperimentTagAsync(id, "stage", "final", Ct);
        Assert.Equal([new Tag("stage", "final")], (await Store.GetExperimentAsync(id, Ct)).Tags);
        await Store.DeleteExperimentTagAsync(id, "stage", Ct);
        Assert.Empty((await Store.GetExperimentAsync(id, Ct)).Tags);
        await Throws(() => Store.DeleteExperimentTagAsync(id, "stage", Ct), ErrorCode.ResourceDoesNotExist);
    }

    [Fact]
    public async Task TextWithNul_RefusedAsInvalidOnEveryStoreAndNothingWritten()
    {
        // PostgreSQL cannot store NUL in text; every store refuses it alike instead of failing inside one database.
        var id = await NewExperimentAsync();
        var run = await NewRunAsync(id);

        await Throws(() => Store.SetExperimentTagAsync(id, "note", "a\0b", Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Store.LogBatchAsync(run.Info.RunId, [], [new Param("p", "x\0")], [new Tag("t", "ok")], Ct), ErrorCode.InvalidParameterValue);

        Assert.Empty((await Store.GetExperimentAsync(id, Ct)).Tags);
        var stored = await Store.GetRunAsync(run.Info.RunId, Ct);
        Assert.Empty(stored.Data.Params);
        Assert.DoesNotContain(stored.Data.Tags, t => t.Key == "t");
    }

    [Fact]
    public async Task SearchExperiments_FilterViewAndPaging_ReturnEachOnce()
    {
        var prefix = "srch" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await Store.CreateExperimentAsync($"{prefix}-{i}", null, [new Tag("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))], Ct));
        }

        await Store.DeleteExperimentAsync(ids[4], Ct);
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await Store.SearchExperimentsAsync(new ExperimentSearch { Filter = $"name LIKE '{prefix}-%'", MaxResults = 2, PageToken = token, OrderBy = ["name ASC"] }, Ct);
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(e => e.ExperimentId));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(ids.Take(4), seen);
        var deleted = await Store.SearchExperimentsAsync(new ExperimentSearch { Filter = $"name LIKE '{prefix}-%'", ViewType = ViewType.DeletedOnly }, Ct);
        Assert.Equal([ids[4]], deleted.Items.Select(e => e.ExperimentId));
        var tagged = await Store.SearchExperimentsAsync(new ExperimentSearch { Filter = $"name LIKE '{prefix}-%' AND tags.i = '2'" }, Ct);
        Assert.Equal([ids[2]], tagged.Items.Select(e => e.ExperimentId));
    }

    // ------------------------------------------------------------------ runs

    [Fact]
    public async Task CreateRun_NoName_RunningWithGeneratedNameAndTag()
    {
        var run = await NewRunAsync(await NewExperimentAsync());
        Assert.Matches(RunIdPattern(), run.Info.RunId);
        Assert.Equal(run.Info.RunId, run.Info.RunUuid);
        Assert.Equal(RunStatus.Running, run.Info.Status);
        Assert.Null(run.Info.EndTime);
        Assert.Matches(GeneratedRunName(), run.Info.RunName);
        Assert.Contains(new Tag(MlflowTags.RunName, run.Info.RunName), run.Data.Tags);
        Assert.EndsWith($"/{run.Info.RunId}/artifacts", run.Info.ArtifactUri, StringComparison.Ordinal);

        var read = await Store.GetRunAsync(run.Info.RunId, Ct);
        Assert.Equal(run.Info, read.Info);
    }

    [Fact]
    public async Task CreateRun_NameFromTag_UsedAsRunName()
    {
        var run = await NewRunAsync(await NewExperimentAsync(), tags: [new Tag(MlflowTags.RunName, "from-tag")]);
        Assert.Equal("from-tag", run.Info.RunName);
    }

    [Fact]
    public async Task CreateRun_UnknownExperiment_ResourceDoesNotExist() =>
        await Throws(() => NewRunAsync("424242"), ErrorCode.ResourceDoesNotExist);

    [Fact]
    public async Task GetRun_UnknownId_ResourceDoesNotExist() =>
        await Throws(() => Store.GetRunAsync(Guid.NewGuid().ToString("N"), Ct), ErrorCode.ResourceDoesNotExist);

    [Fact]
    public async Task UpdateRun_StatusEndTimeAndName_AreStored()
    {
        var run = await NewRunAsync(await NewExperimentAsync(), "first", start: 1_000);
        var info = await Store.UpdateRunAsync(run.Info.RunId, new RunUpdate(RunStatus.Finished, 5_000, "second"), Ct);
        Assert.Equal(RunStatus.Finished, info.Status);
        Assert.Equal(5_000, info.EndTime);
        Assert.Equal("second", info.RunName);
        var read = await Store.GetRunAsync(run.Info.RunId, Ct);
        Assert.Equal(info, read.Info);
        Assert.Contains(new Tag(MlflowTags.RunName, "second"), read.Data.Tags);
    }

    [Fact]
    public async Task DeleteRun_ThenWrite_InvalidParameterUntilRestored()
    {
        var run = await NewRunAsync(await NewExperimentAsync());
        await Store.DeleteRunAsync(run.Info.RunId, Ct);
        Assert.Equal(LifecycleStage.Deleted, (await Store.GetRunAsync(run.Info.RunId, Ct)).Info.LifecycleStage);
        var e = await Throws(() => Store.LogMetricAsync(run.Info.RunId, new Metric("m", 1, 1, 0), Ct), ErrorCode.InvalidParameterValue);
        Assert.Contains("active", e.Message, StringComparison.Ordinal);

        await Store.RestoreRunAsync(run.Info.RunId, Ct);
        await Store.LogMetricAsync(run.Info.RunId, new Metric("m", 1, 1, 0), Ct);
        Assert.Single((await Store.GetRunAsync(run.Info.RunId, Ct)).Data.Metrics);
    }

    [Fact]
    public async Task LogBatch_MetricHistory_KeepsEveryPointAndLatestByStep()
    {
        var run = await NewRunAsync(await NewExperimentAsync());
        Metric[] points = [new("loss", 0.9, 100, 0), new("loss", 0.5, 300, 2), new("loss", 0.7, 200, 1), new("acc", 0.1, 100, 0)];
        await Store.LogBatchAsync(run.Info.RunId, points, [], [], Ct);
        // A later batch with an older step must not replace the latest value.
        await Store.LogBatchAsync(run.Info.RunId, [new Metric("loss", 0.8, 999, 1)], [], [], Ct);

        var history = await Store.GetMetricHistoryAsync(run.Info.RunId, "loss", null, null, Ct);
        Assert.Equal([0.9, 0.7, 0.8, 0.5], history.Items.Select(m => m.Value));
        Assert.Equal([0L, 1, 1, 2], history.Items.Select(m => m.Step));
        Assert.Null(history.NextPageToken);

        var data = (await Store.GetRunAsync(run.Info.RunId, Ct)).Data;
        Assert.Equal(new Metric("loss", 0.5, 300, 2), data.Metrics.Single(m => m.Key == "loss"));
        Assert.Equal(new Metric("acc", 0.1, 100, 0), data.Metrics.Single(m => m.Key == "acc"));
    }

    [Fact]
    public async Task LogBatch_NaNAndInfinities_RoundTrip()
    {
        var run = await NewRunAsync(await NewExperimentAsync());
        await Store.LogBatchAsync(run.Info.RunId, [new("x", double.NaN, 1, 0), new("x", double.PositiveInfinity, 1, 1), new("x", double.NegativeInfinity, 1, 2), new("x", -0.25, 1, 3)], [], [], Ct);
        var values = (await Store.GetMetricHistoryAsync(run.Info.RunId, "x", null, null, Ct)).Items.Select(m => m.Value).ToList();
        Assert.True(double.IsNaN(values[0]));
        Assert.Equal(double.PositiveInfinity, values[1]);
        Assert.Equal(double.NegativeInfinity, values[2]);
        Assert.Equal(-0.25, values[3]);

        await Store.LogBatchAsync(run.Info.RunId, [new("y", double.NaN, 5, 9)], [], [], Ct);
        Assert.True(double.IsNaN((await Store.GetRunAsync(run.Info.RunId, Ct)).Data.Metrics.Single(m => m.Key == "y").Value));
    }

    [Fact]
    public async Task LogBatch_ExactDuplicatePoints_StoredOnce()
    {
        var run = await NewRunAsync(await NewExperimentAsync());
        var point = new Metric("m", 1.5, 10, 3);
        await Store.LogBatchAsync(run.Info.RunId, [point, point], [], [], Ct);
        await Store.LogBatchAsync(run.Info.RunId, [point], [], [], Ct);
        Assert.Single((await Store.GetMetricHistoryAsync(run.Info.RunId, "m", null, null, Ct)).Items);
    }

    [Fact]
    public async Task LogBatch_LargeTimestampsAndSteps_Exact()
    {
        var run = await NewRunAsync(await NewExperimentAsync());
        const long big = 9_007_199_254_740_993; // 2^53 + 1: not representable as a double
        await Store.LogBatchAsync(run.Info.RunId, [new Metric("m", 1, big, big)], [], [], Ct);
        var point = (await Store.GetMetricHistoryAsync(run.Info.RunId, "m", null, null, Ct)).Items.Single();
        Assert.Equal(big, point.Timestamp);
        Assert.Equal(big, point.Step);
    }

    [Fact]
    public async Task LogParam_SameValueAgain_Idempotent_DifferentValue_RejectedAndBatchWritesNothing()
    {
        var run = await NewRunAsync(await NewExperimentAsync());
        await Store.LogParamAsync(run.Info.RunId, "max_depth", "6", Ct);
        await Store.LogParamAsync(run.Info.RunId, "max_depth", "6", Ct);
        var e = await Throws(
            () => Store.LogBatchAsync(run.Info.RunId, [new Metric("m", 1, 1, 0)], [new Param("eta", "0.3"), new Param("max_depth", "7")], [new Tag("t", "v")], Ct),
            ErrorCode.InvalidParameterValue);
        Assert.Contains("max_depth", e.Message, StringComparison.Ordinal);

        var data = (await Store.GetRunAsync(run.Info.RunId, Ct)).Data;
        Assert.Equal([new Param("max_depth", "6")], data.Params);
        Assert.Empty(data.Metrics);
        Assert.DoesNotContain(data.Tags, t => t.Key == "t");
    }

    [Fact]
    public async Task LogBatch_OverLimits_RejectedAndNothingWritten()
    {
        var run = await NewRunAsync(await NewExperimentAsync());
        var metrics = Enumerable.Range(0, 1001).Select(i => new Metric("m", i, 1, i)).ToList();
        await Throws(() => Store.LogBatchAsync(run.Info.RunId, metrics, [], [], Ct), ErrorCode.InvalidParameterValue);
        var parameters = Enumerable.Range(0, 101).Select(i => new Param($"p{i}", "v")).ToList();
        await Throws(() => Store.LogBatchAsync(run.Info.RunId, [], parameters, [], Ct), ErrorCode.InvalidParameterValue);
        var tags = Enumerable.Range(0, 101).Select(i => new Tag($"t{i}", "v")).ToList();
        await Throws(() => Store.LogBatchAsync(run.Info.RunId, [], [], tags, Ct), ErrorCode.InvalidParameterValue);

        var data = (await Store.GetRunAsync(run.Info.RunId, Ct)).Data;
        Assert.Empty(data.Metrics);
        Assert.Empty(data.Params);
        Assert.Single(data.Tags); // mlflow.runName only
    }

    [Theory]
    [InlineData("a*b")]
    [InlineData("../escape")]
    [InlineData("/absolute")]
    [InlineData("a//b")]
    [InlineData("trailing/")]
    [InlineData(".")]
    public async Task LogMetric_BadKey_InvalidParameter(string key)
    {
        var run = await NewRunAsync(await NewExperimentAsync());
        await Throws(() => Store.LogMetricAsync(run.Info.RunId, new Metric(key, 1, 1, 0), Ct), ErrorCode.InvalidParameterValue);
    }

    [Fact]
    public async Task LogParam_ValueOverLimit_InvalidParameter()
    {
        var run = await NewRunAsync(await NewExperimentAsync());
        await Store.LogParamAsync(run.Info.RunId, "ok", new string('x', TrackingLimits.MaxParamValueLength), Ct);
        await Throws(() => Store.LogParamAsync(run.Info.RunId, "long", new string('x', TrackingLimits.MaxParamValueLength + 1), Ct), ErrorCode.InvalidParameterValue);
    }

    [Fact]
    public async Task Tags_SetTwice_LastWins_DeleteMissing_NotFound()
    {
        var run = await NewRunAsync(await NewExperimentAsync());
        await Store.LogBatchAsync(run.Info.RunId, [], [], [new Tag("k", "1"), new Tag("k", "2")], Ct);
        Assert.Contains(new Tag("k", "2"), (await Store.GetRunAsync(run.Info.RunId, Ct)).Data.Tags);
        await Store.SetTagAsync(run.Info.RunId, "k", "3", Ct);
        Assert.Contains(new Tag("k", "3"), (await Store.GetRunAsync(run.Info.RunId, Ct)).Data.Tags);
        await Store.DeleteTagAsync(run.Info.RunId, "k", Ct);
        Assert.DoesNotContain((await Store.GetRunAsync(run.Info.RunId, Ct)).Data.Tags, t => t.Key == "k");
        await Throws(() => Store.DeleteTagAsync(run.Info.RunId, "k", Ct), ErrorCode.ResourceDoesNotExist);
    }

    [Fact]
    public async Task SetTag_RunNameTag_RenamesRun()
    {
        var run = await NewRunAsync(await NewExperimentAsync(), "before");
        await Store.SetTagAsync(run.Info.RunId, MlflowTags.RunName, "after", Ct);
        Assert.Equal("after", (await Store.GetRunAsync(run.Info.RunId, Ct)).Info.RunName);
    }

    [Fact]
    public async Task LogInputs_DatasetWithContext_VisibleOnRunAndDeduplicated()
    {
        var run = await NewRunAsync(await NewExperimentAsync());
        var dataset = new Dataset("tips", "3f2a9c1b", "local", "data/tips.csv", "{\"mlflow_colspec\":[]}", "{\"num_rows\":244}");
        var input = new DatasetInput([new Tag(DatasetInput.ContextTag, "training")], dataset);
        await Store.LogInputsAsync(run.Info.RunId, [input], Ct);
        await Store.LogInputsAsync(run.Info.RunId, [input], Ct);
        var inputs = (await Store.GetRunAsync(run.Info.RunId, Ct)).Inputs.DatasetInputs;
        var only = Assert.Single(inputs);
        Assert.Equal(dataset, only.Dataset);
        Assert.Equal([new Tag(DatasetInput.ContextTag, "training")], only.Tags);
    }

    [Fact]
    public async Task LogInputs_SameDatasetFromConcurrentRuns_OneDatasetAllLinked()
    {
        var experimentId = await Store.CreateExperimentAsync("inputs-race", null, [], Ct);
        var runs = new List<string>();
        for (var i = 0; i < 16; i++)
        {
            runs.Add((await Store.CreateRunAsync(new RunCreation { ExperimentId = experimentId }, Ct)).Info.RunId);
        }

        // Several rounds, each a new dataset that all runs log at the same moment.
        for (var round = 0; round < 5; round++)
        {
            var digest = $"race{round:D4}";
            var input = new DatasetInput([new Tag(DatasetInput.ContextTag, "evaluation")], new Dataset("tips.csv", digest, "local", "tips-" + round));
            using var start = new SemaphoreSlim(0);
            var writers = runs.Select(r => Task.Run(async () =>
            {
                await start.WaitAsync(Ct);
                await Store.LogInputsAsync(r, [input], Ct);
            })).ToList();
            start.Release(runs.Count);
            await Task.WhenAll(writers);
        }

        foreach (var runId in runs)
        {
            var linked = (await Store.GetRunAsync(runId, Ct)).Inputs.DatasetInputs;
            Assert.Equal(Enumerable.Range(0, 5).Select(r => $"race{r:D4}"), linked.Select(i => i.Dataset.Digest).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task LogInputs_MissingDigest_InvalidParameter()
    {
        var run = await NewRunAsync(await NewExperimentAsync());
        await Throws(() => Store.LogInputsAsync(run.Info.RunId, [new DatasetInput([], new Dataset("tips", "", "local", "x"))], Ct), ErrorCode.InvalidParameterValue);
    }

    [Fact]
    public async Task GetMetricHistory_Paged_PagesCoverAllPointsInOrder()
    {
        var run = await NewRunAsync(await NewExperimentAsync());
        await Store.LogBatchAsync(run.Info.RunId, Enumerable.Range(0, 25).Select(i => new Metric("m", i, 1, i)).ToList(), [], [], Ct);
        var steps = new List<long>();
        string? token = null;
        do
        {
            var page = await Store.GetMetricHistoryAsync(run.Info.RunId, "m", 10, token, Ct);
            Assert.True(page.Items.Count <= 10);
            steps.AddRange(page.Items.Select(m => m.Step));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), steps);
    }

    [Fact]
    public async Task GetMetricHistory_UnknownRun_ResourceDoesNotExist() =>
        await Throws(() => Store.GetMetricHistoryAsync(Guid.NewGuid().ToString("N"), "m", null, null, Ct), ErrorCode.ResourceDoesNotExist);

    [Theory]
    [InlineData(MetricAxis.Step, 100)]
    [InlineData(MetricAxis.Timestamp, 100)]
    [InlineData(MetricAxis.Step, 5000)]
    public async Task DownsampleAsync_AnyStore_EqualsDownsamplingTheWholeHistory(MetricAxis axis, int maxPoints)
    {
        // NaN and ±Infinity, zeros (a NaN is stored as 0), repeated steps, and timestamps that go back now and then:
        // the SQL stores read columns (IMetricSeriesSource), the HTTP store the whole history; both must agree.
        var run = await NewRunAsync(await NewExperimentAsync());
        var random = new Random(5);
        var points = Enumerable.Range(0, 3000).Select(i => new Metric("loss",
            i % 97 == 0 ? double.NaN : i % 331 == 0 ? double.PositiveInfinity : i % 401 == 0 ? double.NegativeInfinity : i % 50 == 0 ? 0 : random.NextDouble(),
            1_700_000_000_000 + (i % 700 == 0 ? -i : i), i / 3)).ToList();
        foreach (var batch in points.Chunk(1000))
        {
            await Store.LogBatchAsync(run.Info.RunId, batch, [], [], Ct);
        }

        var history = (await Store.GetMetricHistoryAsync(run.Info.RunId, "loss", null, null, Ct)).Items;
        var kept = await MetricDownsampler.DownsampleAsync(Store, run.Info.RunId, "loss", maxPoints, axis, Ct);

        Assert.Equal(3000, history.Count);
        Assert.Equal(MetricDownsampler.Downsample(history, maxPoints, axis), kept);
        Assert.Equal(Math.Min(maxPoints, 3000), kept.Count);
    }

    [Fact]
    public async Task DownsampleAsync_StepsSpanningTheSplit_EveryPointOnceInHistoryOrder()
    {
        // Steps 0, 250, …, 250,000, three points each: the SQL stores read the two halves of the step range at once,
        // split at step 125,000, which has points of its own.
        var run = await NewRunAsync(await NewExperimentAsync());
        var points = Enumerable.Range(0, 3003).Select(i => new Metric("loss", i % 101 == 0 ? double.NaN : Math.Cos(i), 1_700_000_000_000 + (3003 - i), i / 3 * 250L)).ToList();
        foreach (var batch in points.Chunk(1000))
        {
            await Store.LogBatchAsync(run.Info.RunId, batch, [], [], Ct);
        }

        var history = (await Store.GetMetricHistoryAsync(run.Info.RunId, "loss", null, null, Ct)).Items;
        Assert.True(history[^1].Step - history[0].Step >= Argus.Core.Tracking.Sql.SqlTrackingStore.SplitFromStepSpan);

        Assert.Equal(history, await MetricDownsampler.DownsampleAsync(Store, run.Info.RunId, "loss", 5000, MetricAxis.Step, Ct));
        Assert.Equal(MetricDownsampler.Downsample(history, 100, MetricAxis.Step), await MetricDownsampler.DownsampleAsync(Store, run.Info.RunId, "loss", 100, MetricAxis.Step, Ct));
        Assert.Equal(MetricDownsampler.Downsample(history, 100, MetricAxis.Timestamp), await MetricDownsampler.DownsampleAsync(Store, run.Info.RunId, "loss", 100, MetricAxis.Timestamp, Ct));
    }

    [Fact]
    public async Task DownsampleAsync_WithCache_ReusesAnUnchangedHistoryAndRereadsAGrownOne()
    {
        var run = await NewRunAsync(await NewExperimentAsync());
        var points = Enumerable.Range(0, 2000).Select(i => new Metric("loss", Math.Sin(i / 50.0), 1_700_000_000_000 + i, i)).ToList();
        foreach (var batch in points.Chunk(1000))
        {
            await Store.LogBatchAsync(run.Info.RunId, batch, [], [], Ct);
        }

        var cache = new DownsampleCache(minHistoryPoints: 1000);
        var first = await MetricDownsampler.DownsampleAsync(Store, run.Info.RunId, "loss", 100, MetricAxis.Step, Ct, cache);
        var again = await MetricDownsampler.DownsampleAsync(Store, run.Info.RunId, "loss", 100, MetricAxis.Step, Ct, cache);
        // A point equal to a stored one is not stored again, so the history and the answer stay the same.
        await Store.LogBatchAsync(run.Info.RunId, [points[5]], [], [], Ct);
        var afterDuplicate = await MetricDownsampler.DownsampleAsync(Store, run.Info.RunId, "loss", 100, MetricAxis.Step, Ct, cache);
        // A new point with a new highest value in the middle of the history must show.
        await Store.LogBatchAsync(run.Info.RunId, [new Metric("loss", 50, 1_700_000_000_000, 1000)], [], [], Ct);
        var afterGrowth = await MetricDownsampler.DownsampleAsync(Store, run.Info.RunId, "loss", 100, MetricAxis.Step, Ct, cache);

        if (Store is not Argus.Core.Tracking.Downsampling.IMetricSeriesSource)
        {
            // The HTTP store reads the history each time (its server keeps a cache of its own).
            Assert.Equal(0, cache.Count);
            Assert.Contains(afterGrowth, m => m.Value == 50);
            return;
        }

        Assert.Same(first, again);
        Assert.Same(first, afterDuplicate);
        Assert.NotSame(first, afterGrowth);
        Assert.Contains(afterGrowth, m => m.Value == 50);
        Assert.DoesNotContain(first, m => m.Value == 50);
        var history = (await Store.GetMetricHistoryAsync(run.Info.RunId, "loss", null, null, Ct)).Items;
        Assert.Equal(MetricDownsampler.Downsample(history, 100, MetricAxis.Step), afterGrowth);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task DownsampleAsync_UnknownRun_ResourceDoesNotExist() =>
        await Throws(() => MetricDownsampler.DownsampleAsync(Store, Guid.NewGuid().ToString("N"), "m", 100, MetricAxis.Step, Ct), ErrorCode.ResourceDoesNotExist);

    // ------------------------------------------------------------------ search

    private async Task<(string Experiment, Run[] Runs)> SearchFixtureAsync()
    {
        var experiment = await NewExperimentAsync();
        var runs = new Run[4];
        (double? Rmse, string Depth, string Model)[] spec = [(0.5, "6", "xgb-hist"), (1.5, "4", "xgb-exact"), (0.9, "6", "linear"), (null, "8", "xgb-approx")];
        for (var i = 0; i < spec.Length; i++)
        {
            runs[i] = await NewRunAsync(experiment, $"run-{i}", start: 1_000 + i);
            var metrics = spec[i].Rmse is { } rmse ? new List<Metric> { new("rmse", rmse, 1, 0) } : [];
            await Store.LogBatchAsync(runs[i].Info.RunId, metrics, [new Param("max_depth", spec[i].Depth)], [new Tag("model", spec[i].Model)], Ct);
        }

        await Store.UpdateRunAsync(runs[0].Info.RunId, new RunUpdate(RunStatus.Finished, 2_000), Ct);
        return (experiment, runs);
    }

    private async Task<List<string>> SearchNamesAsync(string experiment, string? filter, params string[] orderBy)
    {
        var page = await Store.SearchRunsAsync(new RunSearch { ExperimentIds = [experiment], Filter = filter, OrderBy = orderBy }, Ct);
        return page.Items.Select(r => r.Info.RunName).ToList();
    }

    [Fact]
    public async Task SearchRuns_MlflowFilterGrammar_MatchesExpectedRuns()
    {
        var (e, _) = await SearchFixtureAsync();
        Assert.Equal(["run-2", "run-0"], await SearchNamesAsync(e, "metrics.rmse < 1"));
        Assert.Equal(["run-0"], await SearchNamesAsync(e, "metrics.rmse < 1 and params.max_depth = '6' and tags.model LIKE 'xgb%'"));
        Assert.Equal(["run-0"], await SearchNamesAsync(e, "attributes.status = 'FINISHED'"));
        Assert.Equal(["run-3", "run-1"], await SearchNamesAsync(e, "tags.model ILIKE 'XGB-%' and params.max_depth != '6'"));
        Assert.Equal(["run-2"], await SearchNamesAsync(e, "attributes.run_name = 'run-2'"));
        Assert.Equal(["run-1", "run-0"], await SearchNamesAsync(e, "attributes.start_time <= 1001"));
    }

    [Fact]
    public async Task SearchRuns_OrAndParentheses_ArgusExtension()
    {
        var (e, _) = await SearchFixtureAsync();
        Assert.Equal(["run-3", "run-1", "run-0"], await SearchNamesAsync(e, "metrics.rmse > 1 or tags.model = 'xgb-approx' or attributes.status = 'FINISHED'"));
        Assert.Equal(["run-2", "run-0"], await SearchNamesAsync(e, "(params.max_depth = '6' or params.max_depth = '8') and metrics.rmse < 1"));
    }

    [Fact]
    public async Task SearchRuns_RunIdIn_ReturnsThoseRuns()
    {
        var (e, runs) = await SearchFixtureAsync();
        var names = await SearchNamesAsync(e, $"attributes.run_id IN ('{runs[1].Info.RunId}', '{runs[3].Info.RunId}')");
        Assert.Equal(["run-3", "run-1"], names);
    }

    [Fact]
    public async Task SearchRuns_OrderByMetric_MissingValuesLastBothDirections()
    {
        var (e, _) = await SearchFixtureAsync();
        Assert.Equal(["run-0", "run-2", "run-1", "run-3"], await SearchNamesAsync(e, null, "metrics.rmse ASC"));
        Assert.Equal(["run-1", "run-2", "run-0", "run-3"], await SearchNamesAsync(e, null, "metrics.rmse DESC"));
        Assert.Equal(["run-3", "run-2", "run-1", "run-0"], await SearchNamesAsync(e, null));
        Assert.Equal(["run-1", "run-2", "run-0", "run-3"], await SearchNamesAsync(e, null, "params.max_depth", "attributes.start_time DESC"));
    }

    [Theory]
    [InlineData("metrics.m ASC", null, new[] { "b", "e", "a", "c", "f", "d", "g" })]
    [InlineData("metrics.m DESC", null, new[] { "a", "e", "b", "c", "f", "d", "g" })]
    [InlineData("metrics.m ASC", "metrics.m < 0.25", new[] { "b", "e" })]
    [InlineData("metrics.m DESC", "metrics.m >= 0.2 and tags.t = 'x'", new[] { "a", "e" })]
    [InlineData("metrics.m ASC", "tags.t = 'x'", new[] { "e", "a", "f", "g" })]
    [InlineData("metrics.m ASC", "metrics.m < 0.25 or tags.t = 'x'", new[] { "b", "e", "a", "f", "g" })]
    public async Task SearchRuns_OrderByMetricAcrossNumbersNaNAndMissing_EveryPageSizeAgrees(string orderBy, string? filter, string[] expected)
    {
        // a..g start later to earlier; NaN and missing runs tie on the metric and fall back to start_time DESC.
        var experiment = await NewExperimentAsync();
        (string Name, double? Value, bool Tagged)[] spec = [("a", 0.3, true), ("b", 0.1, false), ("c", double.NaN, false), ("d", null, false), ("e", 0.2, true), ("f", double.NaN, true), ("g", null, true)];
        for (var i = 0; i < spec.Length; i++)
        {
            var run = await NewRunAsync(experiment, spec[i].Name, start: 100 - i);
            var metrics = spec[i].Value is { } v ? new List<Metric> { new("m", v, 1, 0) } : [];
            var tags = spec[i].Tagged ? new List<Tag> { new("t", "x") } : [];
            await Store.LogBatchAsync(run.Info.RunId, metrics, [], tags, Ct);
        }

        for (var pageSize = 1; pageSize <= 4; pageSize++)
        {
            var names = new List<string>();
            string? token = null;
            do
            {
                var page = await Store.SearchRunsAsync(new RunSearch { ExperimentIds = [experiment], Filter = filter, OrderBy = [orderBy], MaxResults = pageSize, PageToken = token }, Ct);
                Assert.True(page.Items.Count <= pageSize);
                names.AddRange(page.Items.Select(r => r.Info.RunName));
                token = page.NextPageToken;
            }
            while (token is not null);

            Assert.Equal(expected, names);
        }
    }

    [Fact]
    public async Task SearchRuns_Paging_EveryRunOnce()
    {
        var experiment = await NewExperimentAsync();
        var created = new HashSet<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await NewRunAsync(experiment, start: i)).Info.RunId);
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await Store.SearchRunsAsync(new RunSearch { ExperimentIds = [experiment], MaxResults = 3, PageToken = token }, Ct);
            seen.AddRange(page.Items.Select(r => r.Info.RunId));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(7, seen.Count);
        Assert.True(created.SetEquals(seen));
    }

    [Fact]
    public async Task SearchRuns_ViewTypes_SelectLifecycle()
    {
        var experiment = await NewExperimentAsync();
        var active = await NewRunAsync(experiment);
        var deleted = await NewRunAsync(experiment);
        await Store.DeleteRunAsync(deleted.Info.RunId, Ct);
        async Task<List<string>> Ids(ViewType view) =>
            (await Store.SearchRunsAsync(new RunSearch { ExperimentIds = [experiment], ViewType = view }, Ct)).Items.Select(r => r.Info.RunId).ToList();
        Assert.Equal([active.Info.RunId], await Ids(ViewType.ActiveOnly));
        Assert.Equal([deleted.Info.RunId], await Ids(ViewType.DeletedOnly));
        Assert.Equal(2, (await Ids(ViewType.All)).Count);
    }

    [Fact]
    public async Task SearchRuns_ByDatasetAndParentTag_FindsNestedRuns()
    {
        var experiment = await NewExperimentAsync();
        var parent = await NewRunAsync(experiment, "parent");
        var child = await NewRunAsync(experiment, "child", tags: [new Tag(MlflowTags.ParentRunId, parent.Info.RunId)]);
        await Store.LogInputsAsync(child.Info.RunId, [new DatasetInput([new Tag(DatasetInput.ContextTag, "training")], new Dataset("tips", "abc123", "local", "tips.csv"))], Ct);
        Assert.Equal(["child"], await SearchNamesAsync(experiment, $"tags.mlflow.parentRunId = '{parent.Info.RunId}'"));
        Assert.Equal(["child"], await SearchNamesAsync(experiment, "datasets.name = 'tips' and datasets.context = 'training'"));
    }

    [Fact]
    public async Task SearchRuns_BadFilter_InvalidParameter()
    {
        var experiment = await NewExperimentAsync();
        await Throws(() => Store.SearchRunsAsync(new RunSearch { ExperimentIds = [experiment], Filter = "metrics.rmse <" }, Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Store.SearchRunsAsync(new RunSearch { ExperimentIds = [experiment], Filter = "params.x > 1" }, Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Store.SearchRunsAsync(new RunSearch { ExperimentIds = [experiment], MaxResults = 0 }, Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Store.SearchRunsAsync(new RunSearch { ExperimentIds = [experiment], PageToken = "not-a-token" }, Ct), ErrorCode.InvalidParameterValue);
    }

    // ------------------------------------------------------------------ concurrency and purge

    [Fact]
    public async Task LogBatch_SixteenConcurrentWriters_AllPointsStored()
    {
        var experiment = await NewExperimentAsync();
        var runs = new List<Run>();
        for (var i = 0; i < 16; i++)
        {
            runs.Add(await NewRunAsync(experiment));
        }

        await Task.WhenAll(runs.Select(run => Task.Run(async () =>
        {
            for (var batch = 0; batch < 10; batch++)
            {
                var points = Enumerable.Range(batch * 100, 100).Select(step => new Metric("loss", 1.0 / (step + 1), step, step)).ToList();
                await Store.LogBatchAsync(run.Info.RunId, points, [], [], Ct);
            }
        })));

        var total = 0;
        foreach (var run in runs)
        {
            var history = await Store.GetMetricHistoryAsync(run.Info.RunId, "loss", null, null, Ct);
            Assert.Equal(1000, history.Items.Count);
            Assert.Equal(999, (await Store.GetRunAsync(run.Info.RunId, Ct)).Data.Metrics.Single().Step);
            total += history.Items.Count;
        }

        Assert.Equal(16_000, total);
    }

    [Fact]
    public async Task PurgeDeleted_RemovesDeletedRunsAndExperimentsOnly()
    {
        if (!SupportsPurge)
        {
            await Throws(() => Store.PurgeDeletedAsync(0, Ct), ErrorCode.NotImplemented);
            return;
        }

        var experiment = await NewExperimentAsync();
        var kept = await NewRunAsync(experiment);
        var gone = await NewRunAsync(experiment);
        await Store.LogBatchAsync(gone.Info.RunId, [new Metric("m", 1, 1, 0)], [new Param("p", "v")], [], Ct);
        await Store.DeleteRunAsync(gone.Info.RunId, Ct);
        var deletedExperiment = await NewExperimentAsync();
        var inDeleted = await NewRunAsync(deletedExperiment);
        await Store.DeleteExperimentAsync(deletedExperiment, Ct);

        var result = await Store.PurgeDeletedAsync(0, Ct);
        Assert.Contains(result.Runs, r => r.RunId == gone.Info.RunId && r.ArtifactUri == gone.Info.ArtifactUri);
        Assert.Contains(result.Runs, r => r.RunId == inDeleted.Info.RunId);
        Assert.Contains(deletedExperiment, result.ExperimentIds);
        await Throws(() => Store.GetRunAsync(gone.Info.RunId, Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Store.GetExperimentAsync(deletedExperiment, Ct), ErrorCode.ResourceDoesNotExist);
        Assert.Equal(RunStatus.Running, (await Store.GetRunAsync(kept.Info.RunId, Ct)).Info.Status);
        Assert.Equal("Default", (await Store.GetExperimentAsync("0", Ct)).Name);
    }
}
