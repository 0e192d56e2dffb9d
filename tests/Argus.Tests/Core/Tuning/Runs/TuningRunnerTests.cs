using System.Globalization;
using Argus.Core.Tracking;
using Argus.Core.Tuning;
using Argus.Core.Tuning.Runs;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Tuning.Runs;

public sealed class TuningRunnerTests : IAsyncLifetime
{
    private const string Quadratic = """{"x": {"uniform": [-5, 5]}, "y": {"uniform": [-5, 5]}}""";

    private readonly TempDirectory _dir = new("argus-tuning");
    private ITrackingStore _store = null!;

    public async Task InitializeAsync() => _store = await TrackingStores.OpenAsync(_dir.SqliteUri());

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    private static Task<TrialOutcome> QuadraticObjective(TrialContext context, CancellationToken cancellationToken)
    {
        var x = (double)context.Configuration["x"];
        var y = (double)context.Configuration["y"];
        return Task.FromResult(new TrialOutcome(((x - 1) * (x - 1)) + ((y + 2) * (y + 2))));
    }

    private async Task<IReadOnlyList<Run>> ChildrenAsync(string parentRunId)
    {
        var page = await _store.SearchRunsAsync(new RunSearch
        {
            ExperimentIds = [Experiment.DefaultId],
            Filter = $"tags.`{MlflowTags.ParentRunId}` = '{parentRunId}'",
        }, CancellationToken.None);
        return page.Items;
    }

    private static string? TagOf(Run run, string key) => run.Data.Tags.FirstOrDefault(t => t.Key == key)?.Value;

    private static double? MetricOf(Run run, string key) => run.Data.Metrics.Where(m => m.Key == key).Select(m => (double?)m.Value).FirstOrDefault();

    private static string? ParamOf(Run run, string key) => run.Data.Params.FirstOrDefault(p => p.Key == key)?.Value;

    [Fact]
    public async Task RunAsync_QuadraticWithTpe_RecordsParentAndThirtyChildren()
    {
        var space = SearchSpace.Parse(Quadratic);
        var options = new TuningOptions { MaxTrials = 30, Seed = 7, ParentRunName = "quad", Tpe = new TpeOptions { StartupTrials = 10 } };

        var result = await new TuningRunner(_store).RunAsync(space, QuadraticObjective, options);

        Assert.Equal(TuningStopReason.MaxTrials, result.StopReason);
        Assert.Equal(30, result.TrialsCompleted);
        var parent = await _store.GetRunAsync(result.ParentRunId, CancellationToken.None);
        Assert.Equal(RunStatus.Finished, parent.Info.Status);
        Assert.Equal("tpe", TagOf(parent, TuningTags.Algorithm));
        Assert.Equal("7", TagOf(parent, TuningTags.Seed));
        Assert.NotNull(SearchSpace.Parse(TagOf(parent, TuningTags.Space)!));

        var children = await ChildrenAsync(result.ParentRunId);
        Assert.Equal(30, children.Count);
        Assert.Equal(Enumerable.Range(1, 30), children.Select(c => int.Parse(TagOf(c, TuningTags.Trial)!, CultureInfo.InvariantCulture)).Order());
        foreach (var child in children)
        {
            Assert.Equal(RunStatus.Finished, child.Info.Status);
            var x = double.Parse(ParamOf(child, "x")!, CultureInfo.InvariantCulture);
            var y = double.Parse(ParamOf(child, "y")!, CultureInfo.InvariantCulture);
            Assert.Equal(((x - 1) * (x - 1)) + ((y + 2) * (y + 2)), MetricOf(child, TuningTags.LossMetric));
        }

        var minLoss = children.Min(c => MetricOf(c, TuningTags.LossMetric)!.Value);
        Assert.Equal(minLoss, MetricOf(parent, TuningTags.BestLossMetric));
        Assert.Equal(minLoss, result.BestTrial!.Loss);
        Assert.Equal(result.BestTrial.Number, MetricOf(parent, TuningTags.BestTrialMetric));
        Assert.Equal(30, MetricOf(parent, TuningTags.CompletedMetric));
        Assert.Equal(0, MetricOf(parent, TuningTags.FailedMetric));
        var best = children.Single(c => c.Info.RunId == result.BestTrial.RunId);
        Assert.Equal(ParamOf(best, "x"), ParamOf(parent, "best.x"));
        Assert.Equal(ParamOf(best, "y"), ParamOf(parent, "best.y"));
    }

    [Fact]
    public async Task RunAsync_SameSeedTwiceSequential_IdenticalConfigurationsAndLosses()
    {
        var space = SearchSpace.Parse(Quadratic);
        var options = new TuningOptions { MaxTrials = 15, Seed = 42, Tpe = new TpeOptions { StartupTrials = 5 } };
        var runner = new TuningRunner(_store);

        var first = await runner.RunAsync(space, QuadraticObjective, options);
        var second = await runner.RunAsync(space, QuadraticObjective, options);
        var otherSeed = await runner.RunAsync(space, QuadraticObjective, options with { Seed = 43 });

        Assert.Equal(first.Trials.Select(t => t.Configuration.ToString()), second.Trials.Select(t => t.Configuration.ToString()));
        Assert.Equal(first.Trials.Select(t => t.Loss), second.Trials.Select(t => t.Loss));
        Assert.NotEqual(first.Trials.Select(t => t.Configuration.ToString()), otherSeed.Trials.Select(t => t.Configuration.ToString()));
    }

    [Fact]
    public async Task RunAsync_ObjectiveThrowsForSomeTrials_FailedChildrenAndSearchContinues()
    {
        var space = SearchSpace.Parse(Quadratic);
        var options = new TuningOptions { MaxTrials = 9, Algorithm = "random" };

        var result = await new TuningRunner(_store).RunAsync(space, (context, ct) =>
            context.Number % 3 == 0
                ? throw new InvalidOperationException($"boom {context.Number}")
                : QuadraticObjective(context, ct), options);

        Assert.Equal(9, result.Trials.Count);
        Assert.Equal(3, result.TrialsFailed);
        var children = await ChildrenAsync(result.ParentRunId);
        Assert.Equal(9, children.Count);
        var failed = children.Where(c => c.Info.Status == RunStatus.Failed).ToList();
        Assert.Equal(3, failed.Count);
        Assert.All(failed, c => Assert.Equal("boom " + TagOf(c, TuningTags.Trial), TagOf(c, TuningTags.Error)));
        Assert.All(failed, c => Assert.Null(MetricOf(c, TuningTags.LossMetric)));
        var parent = await _store.GetRunAsync(result.ParentRunId, CancellationToken.None);
        Assert.Equal(RunStatus.Finished, parent.Info.Status);
        Assert.Equal(3, MetricOf(parent, TuningTags.FailedMetric));
        Assert.Equal(6, MetricOf(parent, TuningTags.CompletedMetric));
    }

    [Fact]
    public async Task RunAsync_ObjectiveThrowsForeignCancellation_RecordsFailure()
    {
        var space = SearchSpace.Parse(Quadratic);
        var options = new TuningOptions { MaxTrials = 2, Algorithm = "random" };

        var result = await new TuningRunner(_store).RunAsync(space, (_, _) =>
            Task.FromException<TrialOutcome>(new OperationCanceledException("inner timeout")), options);

        Assert.All(result.Trials, t => Assert.Equal(RunStatus.Failed, t.Status));
    }

    [Fact]
    public async Task RunAsync_NaNLoss_RecordsFailedChild()
    {
        var space = SearchSpace.Parse(Quadratic);
        var options = new TuningOptions { MaxTrials = 1, Algorithm = "random" };

        var result = await new TuningRunner(_store).RunAsync(space, (_, _) => Task.FromResult(new TrialOutcome(double.NaN)), options);

        var child = Assert.Single(await ChildrenAsync(result.ParentRunId));
        Assert.Equal(RunStatus.Failed, child.Info.Status);
        Assert.Equal("The objective returned a NaN loss.", TagOf(child, TuningTags.Error));
        Assert.Null(result.BestTrial);
    }

    [Fact]
    public async Task RunAsync_Parallelism3_RunsThreeObjectivesAtOnce()
    {
        var space = SearchSpace.Parse(Quadratic);
        var options = new TuningOptions { MaxTrials = 6, Parallelism = 3, Algorithm = "random" };
        var allThree = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var maxRunning = 0;
        var entered = 0;

        var result = await new TuningRunner(_store).RunAsync(space, async (context, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            if (Interlocked.Increment(ref entered) == 3)
            {
                allThree.SetResult();
            }

            // The first three trials can only finish once all three are running at the same time.
            await allThree.Task.WaitAsync(ct);
            Interlocked.Decrement(ref running);
            return await QuadraticObjective(context, ct);
        }, options);

        Assert.Equal(3, maxRunning);
        Assert.Equal(6, result.TrialsCompleted);
        Assert.Equal(6, (await ChildrenAsync(result.ParentRunId)).Count);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    [Fact]
    public async Task RunAsync_TimeBudgetSpent_StartsNoNewTrials()
    {
        var clock = new ManualClock(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var space = SearchSpace.Parse(Quadratic);
        var options = new TuningOptions { MaxTrials = 100, TimeBudget = TimeSpan.FromMinutes(5), TimeProvider = clock, Algorithm = "random" };
        var progress = new List<TuningProgress>();

        var result = await new TuningRunner(_store).RunAsync(space, (context, ct) =>
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            return QuadraticObjective(context, ct);
        }, options, new SyncProgress(progress));

        Assert.Equal(TuningStopReason.TimeBudget, result.StopReason);
        Assert.Equal(5, result.Trials.Count);
        Assert.Equal(5, (await ChildrenAsync(result.ParentRunId)).Count);
        Assert.Equal(5, progress.Count);
        Assert.Equal(TimeSpan.FromMinutes(5), progress[^1].Elapsed);
        Assert.Equal(TimeSpan.FromMinutes(3), progress[1].EstimatedRemaining);
        Assert.Equal(result.BestTrial!.Loss, progress[^1].BestLoss);
    }

    [Fact]
    public async Task RunAsync_NoImprovementInKTrials_Stops()
    {
        var space = SearchSpace.Parse(Quadratic);
        var options = new TuningOptions { MaxTrials = 50, StopAfterNoImprovement = 3, Algorithm = "random" };

        var result = await new TuningRunner(_store).RunAsync(space,
            (context, _) => Task.FromResult(new TrialOutcome(context.Number == 2 ? -1 : context.Number)), options);

        Assert.Equal(TuningStopReason.NoImprovement, result.StopReason);
        Assert.Equal([1, 2, 3, 4, 5], result.Trials.Select(t => t.Number));
        Assert.Equal(2, result.BestTrial!.Number);
    }

    [Fact]
    public async Task RunAsync_GridExhausted_StopsAfterEveryPointOnce()
    {
        var space = SearchSpace.Parse("""{"booster": {"choice": ["gbtree", "dart"]}, "depth": {"randint": [3]}}""");
        var options = new TuningOptions { MaxTrials = 100, Algorithm = "grid", Parallelism = 2 };

        var result = await new TuningRunner(_store).RunAsync(space,
            (context, _) => Task.FromResult(new TrialOutcome((long)context.Configuration["depth"])), options);

        Assert.Equal(TuningStopReason.Exhausted, result.StopReason);
        Assert.Equal(6, result.Trials.Count);
        Assert.Equal(6, result.Trials.Select(t => t.Configuration.ToString()).Distinct().Count());
        var parent = await _store.GetRunAsync(result.ParentRunId, CancellationToken.None);
        Assert.Equal("grid", TagOf(parent, TuningTags.Algorithm));
        Assert.Equal("0", ParamOf(parent, "best.depth"));
    }

    [Fact]
    public async Task RunAsync_Cancelled_MarksRunningChildrenAndParentKilled()
    {
        var space = SearchSpace.Parse(Quadratic);
        var options = new TuningOptions { MaxTrials = 10, Parallelism = 2, Algorithm = "random" };
        using var cts = new CancellationTokenSource();
        var started = 0;
        string? parentId = null;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new TuningRunner(_store).RunAsync(space, async (context, ct) =>
        {
            parentId ??= TagOf(await _store.GetRunAsync(context.RunId, CancellationToken.None), MlflowTags.ParentRunId);
            if (Interlocked.Increment(ref started) == 2)
            {
                await cts.CancelAsync();
            }

            await Task.Delay(Timeout.Infinite, ct);
            return new TrialOutcome(0);
        }, options, cancellationToken: cts.Token));

        Assert.Equal(2, started);
        var parent = await _store.GetRunAsync(parentId!, CancellationToken.None);
        Assert.Equal(RunStatus.Killed, parent.Info.Status);
        var children = await ChildrenAsync(parentId!);
        Assert.Equal(2, children.Count);
        Assert.All(children, c => Assert.Equal(RunStatus.Killed, c.Info.Status));
    }

    [Fact]
    public async Task ResumeAsync_ExistingParent_ContinuesNumberingAndMatchesUninterruptedSearch()
    {
        var space = SearchSpace.Parse(Quadratic);
        var options = new TuningOptions { MaxTrials = 6, Seed = 3, Tpe = new TpeOptions { StartupTrials = 3 } };
        var runner = new TuningRunner(_store);
        var uninterrupted = await runner.RunAsync(space, QuadraticObjective, options with { MaxTrials = 10 });
        var first = await runner.RunAsync(space, QuadraticObjective, options);
        var evaluated = new List<int>();

        // A fresh space object, as a new process would parse it.
        var resumed = await runner.ResumeAsync(first.ParentRunId, SearchSpace.Parse(Quadratic), (context, ct) =>
        {
            evaluated.Add(context.Number);
            return QuadraticObjective(context, ct);
        }, options with { MaxTrials = 10 });

        Assert.Equal([7, 8, 9, 10], evaluated);
        Assert.Equal(first.ParentRunId, resumed.ParentRunId);
        Assert.Equal(Enumerable.Range(1, 10), resumed.Trials.Select(t => t.Number));
        Assert.Equal(uninterrupted.Trials.Select(t => t.Configuration.ToString()), resumed.Trials.Select(t => t.Configuration.ToString()));
        Assert.Equal(uninterrupted.BestTrial!.Loss, resumed.BestTrial!.Loss);
        var children = await ChildrenAsync(first.ParentRunId);
        Assert.Equal(10, children.Count);
        var parent = await _store.GetRunAsync(first.ParentRunId, CancellationToken.None);
        Assert.Equal(RunStatus.Finished, parent.Info.Status);
        Assert.Equal(10, MetricOf(parent, TuningTags.CompletedMetric));
        Assert.Equal(resumed.BestTrial.Loss, MetricOf(parent, TuningTags.BestLossMetric));
    }

    [Fact]
    public async Task ResumeAsync_Grid_SkipsEvaluatedPointsAndKeepsFailures()
    {
        var space = SearchSpace.Parse("""{"depth": {"randint": [1, 7]}}""");
        var options = new TuningOptions { MaxTrials = 3, Algorithm = "grid" };
        var runner = new TuningRunner(_store);
        var first = await runner.RunAsync(space, (context, _) => context.Number == 2
            ? throw new InvalidOperationException("nope")
            : Task.FromResult(new TrialOutcome((long)context.Configuration["depth"])), options);

        var resumed = await runner.ResumeAsync(first.ParentRunId, space,
            (context, _) => Task.FromResult(new TrialOutcome((long)context.Configuration["depth"])), options with { MaxTrials = 100 });

        Assert.Equal(TuningStopReason.Exhausted, resumed.StopReason);
        Assert.Equal(6, resumed.Trials.Count);
        Assert.Equal(6, resumed.Trials.Select(t => t.Configuration.ToString()).Distinct().Count());
        Assert.Equal(RunStatus.Failed, resumed.Trials[1].Status);
        Assert.Equal("nope", resumed.Trials[1].Error);
        Assert.Equal(5, resumed.TrialsCompleted);
    }

    private sealed class SyncProgress(List<TuningProgress> reports) : IProgress<TuningProgress>
    {
        public void Report(TuningProgress value) => reports.Add(value);
    }
}
