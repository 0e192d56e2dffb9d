using Argus.Core.Errors;
using Argus.Core.Pipelines.Runs;

namespace Argus.Tests.Core.Pipelines.Runs;

/// <summary>Starting, updating, ending, reading and searching runs; no overlap; abandoned runs.</summary>
public abstract partial class PipelineStoreContract
{
    [Fact]
    public async Task StartRun_NewRun_ReadsBackEveryFieldWithItsStepsInOrder()
    {
        var pipeline = Unique();
        var prepared = new StepRun
        {
            Step = "prepare",
            Kind = "data",
            State = StepState.Succeeded,
            Attempts = 2,
            StartTime = T0.AddMinutes(-3),
            EndTime = T0.AddMinutes(-2),
            Outputs = new Dictionary<string, string> { ["path"] = "/data/train.csv", ["rows"] = "1 204", ["é"] = "ü \"q\"" },
        };
        var run = NewRun(pipeline, T0, "train", "evaluate") with
        {
            Trigger = PipelineTrigger.Retry,
            RetryOf = "0195f0a1b2c37d8e9f00112233445566",
            ScheduledFor = T0.AddSeconds(-5),
            Heartbeat = T0.AddSeconds(1),
            Parameters = new Dictionary<string, string> { ["max_depth"] = "6", ["target"] = "tip" },
            WorkingDirectory = "/srv/pipelines/tips é",
        };
        run = run with { Steps = [prepared, .. run.Steps] };

        var started = await Store.StartRunAsync(run, Ct);
        var read = await Store.GetRunAsync(started.RunId, Ct);

        Assert.Matches("^[0-9a-f]{32}$", started.RunId);
        foreach (var stored in new[] { started, read })
        {
            Assert.Equal(started.RunId, stored.RunId);
            Assert.Equal(pipeline, stored.Pipeline);
            Assert.Equal(PipelineRunState.Running, stored.State);
            Assert.Equal(PipelineTrigger.Retry, stored.Trigger);
            Assert.Equal(run.RetryOf, stored.RetryOf);
            Assert.Equal(T0.AddSeconds(-5), stored.ScheduledFor);
            Assert.Equal(T0, stored.StartTime);
            Assert.Null(stored.EndTime);
            Assert.Equal(T0.AddSeconds(1), stored.Heartbeat);
            Assert.Equal("build-7:4242", stored.Owner);
            Assert.Null(stored.Message);
            Assert.Equal(run.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal), stored.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal));
            Assert.Equal(run.Definition, stored.Definition);
            Assert.Equal("/srv/pipelines/tips é", stored.WorkingDirectory);
            Assert.Equal(["prepare", "train", "evaluate"], stored.Steps.Select(s => s.Step));
            AssertSameStep(prepared, stored.Steps[0]);
            AssertSameStep(run.Steps[1], stored.Steps[1]);
        }
    }

    [Fact]
    public async Task StartRun_IdsGivenByTheStore_SortInStartOrder()
    {
        var first = await StartAsync(Unique(), T0);
        var second = await StartAsync(Unique(), T0.AddSeconds(1));

        Assert.True(string.CompareOrdinal(first.RunId, second.RunId) < 0, $"{first.RunId} should sort before {second.RunId}");
    }

    [Fact]
    public async Task StartRun_BeforeTheUnixEpoch_StillGetsAnId()
    {
        var start = new DateTimeOffset(1969, 12, 31, 23, 0, 0, TimeSpan.Zero);

        var run = await StartAsync(Unique(), start);

        Assert.Matches("^[0-9a-f]{32}$", run.RunId);
        Assert.Equal(start, (await Store.GetRunAsync(run.RunId, Ct)).StartTime);
    }

    [Fact]
    public async Task StartRun_RunIdGiven_KeptAndNeverGivenTwice()
    {
        var run = NewRun(Unique()) with { RunId = "nightly-2026-03-01" };

        var started = await Store.StartRunAsync(run, Ct);
        var e = await Throws(() => Store.StartRunAsync(run with { Pipeline = Unique() }, Ct), ErrorCode.ResourceAlreadyExists);

        Assert.Equal("nightly-2026-03-01", started.RunId);
        Assert.Contains("nightly-2026-03-01", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartRun_WhileARunOfThePipelineIsRunning_ResourceConflictNamingIt()
    {
        var pipeline = Unique();
        var running = await StartAsync(pipeline, T0, "train");

        var e = await Throws(() => StartAsync(pipeline, T0.AddMinutes(1), "train"), ErrorCode.ResourceConflict);
        var other = await StartAsync(Unique(), T0.AddMinutes(1));

        Assert.Contains(running.RunId, e.Message, StringComparison.Ordinal);
        Assert.Contains(pipeline, e.Message, StringComparison.Ordinal);
        Assert.Equal(PipelineRunState.Running, other.State);
        Assert.Equal([running.RunId], (await AllRunsAsync(new PipelineRunQuery { Pipeline = pipeline })).Select(r => r.RunId));
    }

    [Fact]
    public async Task StartRun_AfterTheRunningRunEnded_Starts()
    {
        var pipeline = Unique();
        var first = await StartAsync(pipeline, T0);
        Assert.True(await Store.EndRunAsync(first.RunId, PipelineRunState.Failed, T0.AddMinutes(1), "boom", Ct));

        var second = await StartAsync(pipeline, T0.AddMinutes(2));

        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal([second.RunId, first.RunId], (await AllRunsAsync(new PipelineRunQuery { Pipeline = pipeline })).Select(r => r.RunId));
    }

    [Fact]
    public async Task StartRun_ManyAtOnceFromSeveralStores_ExactlyOneStarts()
    {
        const int Stores = 4;
        const int PerStore = 6;
        var pipeline = Unique();
        var stores = new List<IPipelineStore> { Store };
        for (var i = 1; i < Stores; i++)
        {
            stores.Add(await OpenStoreAsync());
        }

        var conflicts = 0;
        var outcomes = await Task.WhenAll(stores.SelectMany(store => Enumerable.Range(0, PerStore).Select(i => Task.Run(async () =>
        {
            try
            {
                return await store.StartRunAsync(NewRun(pipeline, T0.AddMilliseconds(i)), Ct);
            }
            catch (ArgusException e) when (e.Code == ErrorCode.ResourceConflict)
            {
                Interlocked.Increment(ref conflicts);
                return null;
            }
        }))));

        var started = Assert.Single(outcomes, o => o is not null)!;
        Assert.Equal(Stores * PerStore - 1, conflicts);
        Assert.Equal([started.RunId], (await AllRunsAsync(new PipelineRunQuery { Pipeline = pipeline })).Select(r => r.RunId));
    }

    [Fact]
    public async Task StartRun_BadInput_InvalidParameterValueAndNothingStored()
    {
        var pipeline = Unique();
        var good = NewRun(pipeline, T0, "a", "b");
        PipelineRun[] bad =
        [
            good with { Pipeline = "bad name!" },
            good with { Pipeline = new string('p', PipelineLimits.MaxPipelineNameLength + 1) },
            good with { Pipeline = string.Empty },
            good with { RunId = "no/slashes" },
            good with { State = PipelineRunState.Succeeded },
            good with { EndTime = T0 },
            good with { Owner = string.Empty },
            good with { Definition = string.Empty },
            good with { Definition = new string('x', PipelineLimits.MaxDefinitionLength + 1) },
            good with { WorkingDirectory = string.Empty },
            good with { WorkingDirectory = new string('d', PipelineLimits.MaxWorkingDirectoryLength + 1) },
            good with { Steps = [good.Steps[0], good.Steps[0]] },
            good with { Steps = [good.Steps[0] with { Step = "two words" }] },
            good with { Steps = [good.Steps[0] with { Kind = string.Empty }] },
            good with { Steps = [good.Steps[0] with { Attempts = -1 }] },
        ];

        foreach (var run in bad)
        {
            await Throws(() => Store.StartRunAsync(run, Ct), ErrorCode.InvalidParameterValue);
        }

        Assert.Empty(await AllRunsAsync(new PipelineRunQuery()));
        await Store.StartRunAsync(good with { Pipeline = "team/nightly.v2_x-y" }, Ct);
    }

    [Fact]
    public async Task UpdateStep_ReplacesTheStepsRecord()
    {
        var run = await StartAsync(Unique(), T0, "train", "evaluate");
        var train = new StepRun
        {
            Step = "train",
            Kind = "command",
            State = StepState.Succeeded,
            Attempts = 3,
            StartTime = T0.AddSeconds(10),
            EndTime = T0.AddSeconds(70),
            Outputs = new Dictionary<string, string> { ["run_id"] = "abc", ["rmse"] = "0.31" },
        };
        var evaluate = new StepRun { Step = "evaluate", Kind = "command", State = StepState.Failed, Attempts = 1, StartTime = T0.AddSeconds(71), EndTime = T0.AddSeconds(72), Error = "no champion" };

        await Store.UpdateStepAsync(run.RunId, train with { State = StepState.Running, EndTime = null }, Ct);
        await Store.UpdateStepAsync(run.RunId, train, Ct);
        await Store.UpdateStepAsync(run.RunId, evaluate, Ct);

        var steps = (await Store.GetRunAsync(run.RunId, Ct)).Steps;
        Assert.Equal(2, steps.Count);
        AssertSameStep(train, steps[0]);
        AssertSameStep(evaluate, steps[1]);
    }

    [Fact]
    public async Task UpdateStep_StepNotInTheRun_AddedAfterTheOthers()
    {
        var run = await StartAsync(Unique(), T0, "b", "a");

        await Store.UpdateStepAsync(run.RunId, new StepRun { Step = "extra", Kind = "notify", State = StepState.Running, Attempts = 1 }, Ct);

        Assert.Equal(["b", "a", "extra"], (await Store.GetRunAsync(run.RunId, Ct)).Steps.Select(s => s.Step));
    }

    [Fact]
    public async Task UpdateStep_EndedOrUnknownRun_RefusedAndNothingChanged()
    {
        var run = await StartAsync(Unique(), T0, "train");
        await Store.EndRunAsync(run.RunId, PipelineRunState.Failed, T0.AddMinutes(1), "abandoned", Ct);
        var step = new StepRun { Step = "train", Kind = "command", State = StepState.Succeeded };

        var e = await Throws(() => Store.UpdateStepAsync(run.RunId, step, Ct), ErrorCode.ResourceConflict);
        await Throws(() => Store.UpdateStepAsync("0123456789abcdef0123456789abcdef", step, Ct), ErrorCode.ResourceDoesNotExist);
        await Throws(() => Store.UpdateStepAsync(run.RunId, step with { State = (StepState)99 }, Ct), ErrorCode.InvalidParameterValue);

        Assert.Contains("failed", e.Message, StringComparison.Ordinal);
        Assert.Equal(StepState.Pending, Assert.Single((await Store.GetRunAsync(run.RunId, Ct)).Steps).State);
    }

    [Fact]
    public async Task Heartbeat_MovesForwardOnly_RefusedOnceTheRunEnded()
    {
        var run = await StartAsync(Unique(), T0);

        await Store.HeartbeatAsync(run.RunId, T0.AddSeconds(30), Ct);
        await Store.HeartbeatAsync(run.RunId, T0.AddSeconds(10), Ct);
        Assert.Equal(T0.AddSeconds(30), (await Store.GetRunAsync(run.RunId, Ct)).Heartbeat);

        await Store.EndRunAsync(run.RunId, PipelineRunState.Succeeded, T0.AddMinutes(1), null, Ct);
        await Throws(() => Store.HeartbeatAsync(run.RunId, T0.AddMinutes(2), Ct), ErrorCode.ResourceConflict);
        await Throws(() => Store.HeartbeatAsync("0123456789abcdef0123456789abcdef", T0, Ct), ErrorCode.ResourceDoesNotExist);
        Assert.Equal(T0.AddSeconds(30), (await Store.GetRunAsync(run.RunId, Ct)).Heartbeat);
    }

    [Fact]
    public async Task EndRun_Twice_FirstEndStandsAndTheSecondReturnsFalse()
    {
        var run = await StartAsync(Unique(), T0);

        Assert.True(await Store.EndRunAsync(run.RunId, PipelineRunState.Failed, T0.AddMinutes(5), "step train failed after 3 attempts", Ct));
        Assert.False(await Store.EndRunAsync(run.RunId, PipelineRunState.Succeeded, T0.AddMinutes(9), null, Ct));

        var read = await Store.GetRunAsync(run.RunId, Ct);
        Assert.Equal(PipelineRunState.Failed, read.State);
        Assert.Equal(T0.AddMinutes(5), read.EndTime);
        Assert.Equal("step train failed after 3 attempts", read.Message);
    }

    [Fact]
    public async Task EndRun_AsRunningOrUnknown_Refused()
    {
        var run = await StartAsync(Unique(), T0);

        await Throws(() => Store.EndRunAsync(run.RunId, PipelineRunState.Running, T0, null, Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Store.EndRunAsync("0123456789abcdef0123456789abcdef", PipelineRunState.Succeeded, T0, null, Ct), ErrorCode.ResourceDoesNotExist);
        Assert.Equal(PipelineRunState.Running, (await Store.GetRunAsync(run.RunId, Ct)).State);
    }

    [Fact]
    public async Task EndRun_LongMessage_CutToTheLimit()
    {
        var run = await StartAsync(Unique(), T0);

        await Store.EndRunAsync(run.RunId, PipelineRunState.Failed, T0, new string('m', PipelineLimits.MaxMessageLength * 2), Ct);

        var message = (await Store.GetRunAsync(run.RunId, Ct)).Message!;
        Assert.Equal(PipelineLimits.MaxMessageLength, message.Length);
        Assert.EndsWith("…", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRun_Unknown_ResourceDoesNotExist()
    {
        var e = await Throws(() => Store.GetRunAsync("0123456789abcdef0123456789abcdef", Ct), ErrorCode.ResourceDoesNotExist);
        Assert.Contains("0123456789abcdef0123456789abcdef", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchRuns_NewestFirst_FilteredByPipelineAndState()
    {
        var a = Unique("a");
        var b = Unique("b");
        var a1 = await StartAsync(a, T0, "train");
        await Store.EndRunAsync(a1.RunId, PipelineRunState.Succeeded, T0.AddSeconds(20), null, Ct);
        var b1 = await StartAsync(b, T0.AddSeconds(30));
        var a2 = await StartAsync(a, T0.AddMinutes(1));
        await Store.EndRunAsync(a2.RunId, PipelineRunState.Failed, T0.AddMinutes(1.5), "boom", Ct);
        var a3 = await StartAsync(a, T0.AddMinutes(2));

        Assert.Equal([a3.RunId, a2.RunId, b1.RunId, a1.RunId], (await AllRunsAsync(new PipelineRunQuery())).Select(r => r.RunId));
        Assert.Equal([a3.RunId, a2.RunId, a1.RunId], (await AllRunsAsync(new PipelineRunQuery { Pipeline = a })).Select(r => r.RunId));
        Assert.Equal([a2.RunId], (await AllRunsAsync(new PipelineRunQuery { State = PipelineRunState.Failed })).Select(r => r.RunId));
        Assert.Equal([a3.RunId], (await AllRunsAsync(new PipelineRunQuery { Pipeline = a, State = PipelineRunState.Running })).Select(r => r.RunId));
        Assert.Empty(await AllRunsAsync(new PipelineRunQuery { Pipeline = Unique() }));
        var found = (await Store.SearchRunsAsync(new PipelineRunQuery { Pipeline = a }, Ct)).Items[^1];
        Assert.Equal("train", Assert.Single(found.Steps).Step);
        Assert.Equal(a1.Definition, found.Definition);
    }

    [Fact]
    public async Task SearchRuns_PagesOfTwo_EveryRunOnceInOrderEvenWithEqualStartTimes()
    {
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await StartAsync(Unique(), T0.AddSeconds(i / 2))).RunId);
        }

        var everything = (await Store.SearchRunsAsync(new PipelineRunQuery { MaxResults = 100 }, Ct)).Items.Select(r => r.RunId).ToList();
        var pages = new List<List<string>>();
        string? token = null;
        do
        {
            var page = await Store.SearchRunsAsync(new PipelineRunQuery { MaxResults = 2, PageToken = token }, Ct);
            pages.Add(page.Items.Select(r => r.RunId).ToList());
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(7, everything.Count);
        Assert.Equal(ids.OrderBy(id => ids.IndexOf(id) / 2).ThenBy(id => id, StringComparer.Ordinal).Reverse(), everything);
        Assert.Equal([2, 2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(everything, pages.SelectMany(p => p));
    }

    [Fact]
    public async Task SearchRuns_BadPageTokenOrPageSize_InvalidParameterValue()
    {
        await Throws(() => Store.SearchRunsAsync(new PipelineRunQuery { PageToken = "not a token" }, Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Store.SearchRunsAsync(new PipelineRunQuery { MaxResults = 0 }, Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Store.SearchRunsAsync(new PipelineRunQuery { MaxResults = PipelineLimits.MaxMaxResults + 1 }, Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Store.SearchRunsAsync(new PipelineRunQuery { Pipeline = "bad name!" }, Ct), ErrorCode.InvalidParameterValue);
    }

    [Fact]
    public async Task FailAbandonedRuns_FailsOnlyStaleRuns_AndTheirUnfinishedSteps()
    {
        var stalePipeline = Unique("stale");
        var stale = await StartAsync(stalePipeline, T0, "prepare", "train", "notify");
        await Store.UpdateStepAsync(stale.RunId, new StepRun { Step = "prepare", Kind = "command", State = StepState.Succeeded, Attempts = 1, StartTime = T0, EndTime = T0.AddSeconds(5) }, Ct);
        await Store.UpdateStepAsync(stale.RunId, new StepRun { Step = "train", Kind = "command", State = StepState.Running, Attempts = 1, StartTime = T0.AddSeconds(5) }, Ct);
        var fresh = await StartAsync(Unique("fresh"), T0, "train");
        await Store.HeartbeatAsync(fresh.RunId, T0.AddMinutes(10), Ct);
        var ended = await StartAsync(Unique("ended"), T0, "train");
        await Store.EndRunAsync(ended.RunId, PipelineRunState.Succeeded, T0.AddMinutes(1), null, Ct);
        const string Message = "No heartbeat for 5 minutes: the runner stopped.";

        var failed = await Store.FailAbandonedRunsAsync(T0.AddMinutes(5), Message, T0.AddMinutes(6), Ct);

        Assert.Equal([stale.RunId], failed);
        var run = await Store.GetRunAsync(stale.RunId, Ct);
        Assert.Equal((PipelineRunState.Failed, T0.AddMinutes(6), Message), (run.State, run.EndTime, run.Message));
        Assert.Equal(
            new (StepState, string?, DateTimeOffset?)[] { (StepState.Succeeded, null, T0.AddSeconds(5)), (StepState.Failed, Message, T0.AddMinutes(6)), (StepState.Skipped, Message, null) },
            run.Steps.Select(s => (s.State, s.Error, s.EndTime)));
        Assert.Equal(PipelineRunState.Running, (await Store.GetRunAsync(fresh.RunId, Ct)).State);
        Assert.Equal(StepState.Pending, Assert.Single((await Store.GetRunAsync(fresh.RunId, Ct)).Steps).State);
        var untouched = await Store.GetRunAsync(ended.RunId, Ct);
        Assert.Equal((PipelineRunState.Succeeded, T0.AddMinutes(1), (string?)null), (untouched.State, untouched.EndTime, untouched.Message));
        Assert.Empty(await Store.FailAbandonedRunsAsync(T0.AddMinutes(5), Message, T0.AddMinutes(7), Ct));
        Assert.Equal(PipelineRunState.Running, (await StartAsync(stalePipeline, T0.AddMinutes(8))).State);
    }

    [Fact]
    public async Task FailAbandonedRuns_SeveralServersAtOnce_EachRunFailedByExactlyOne()
    {
        const int Runs = 12;
        var stale = new List<string>();
        for (var i = 0; i < Runs; i++)
        {
            stale.Add((await StartAsync(Unique(), T0.AddSeconds(i), "train")).RunId);
        }

        var stores = new List<IPipelineStore> { Store, await OpenStoreAsync(), await OpenStoreAsync(), await OpenStoreAsync() };
        var results = await Task.WhenAll(Enumerable.Range(0, stores.Count * 2).Select(i =>
            Task.Run(() => stores[i % stores.Count].FailAbandonedRunsAsync(T0.AddHours(1), "abandoned", T0.AddHours(2), Ct))));

        var failed = results.SelectMany(r => r).ToList();
        Assert.Equal(stale.Order(StringComparer.Ordinal), failed.Order(StringComparer.Ordinal));
        Assert.All(await AllRunsAsync(new PipelineRunQuery()), r => Assert.Equal((PipelineRunState.Failed, T0.AddHours(2)), (r.State, r.EndTime!.Value)));
    }
}
