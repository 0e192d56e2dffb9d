using Argus.Core.Errors;
using Argus.Core.Pipelines.Runs;

namespace Argus.Tests.Core.Pipelines.Runs;

/// <summary>Schedules, and the one claim per tick however many servers ask.</summary>
public abstract partial class PipelineStoreContract
{
    protected static PipelineSchedule NewSchedule(string pipeline, string cron = "*/5 * * * *") => new()
    {
        Pipeline = pipeline,
        Cron = cron,
        TimeZone = "Europe/Paris",
        Definition = $"name: {pipeline}\n",
        Parameters = new Dictionary<string, string> { ["window"] = "1h" },
        CreatedTime = T0,
        WorkingDirectory = "/srv/pipelines",
    };

    [Fact]
    public async Task SetSchedule_CreatesThenReplaces_KeepingCreatedTimeAndLastTick()
    {
        var pipeline = Unique();
        var created = await Store.SetScheduleAsync(NewSchedule(pipeline), Ct);
        Assert.True(await Store.ClaimTickAsync(pipeline, T0.AddMinutes(5), "server-a", Ct));

        var replaced = await Store.SetScheduleAsync(
            NewSchedule(pipeline, "0 3 * * *") with { TimeZone = "UTC", Enabled = false, CreatedTime = T0.AddDays(1), Definition = "name: v2\n", Parameters = new Dictionary<string, string>(), WorkingDirectory = null },
            Ct);
        var listed = Assert.Single(await Store.ListSchedulesAsync(Ct), s => s.Pipeline == pipeline);

        Assert.Equal((pipeline, "*/5 * * * *", "Europe/Paris", true, T0, (DateTimeOffset?)null), (created.Pipeline, created.Cron, created.TimeZone, created.Enabled, created.CreatedTime, created.LastTick));
        Assert.Equal("1h", created.Parameters["window"]);
        Assert.Equal("/srv/pipelines", created.WorkingDirectory);
        foreach (var schedule in new[] { replaced, listed })
        {
            Assert.Equal(("0 3 * * *", "UTC", false, "name: v2\n"), (schedule.Cron, schedule.TimeZone, schedule.Enabled, schedule.Definition));
            Assert.Empty(schedule.Parameters);
            Assert.Null(schedule.WorkingDirectory);
            Assert.Equal(T0, schedule.CreatedTime);
            Assert.Equal(T0.AddMinutes(5), schedule.LastTick);
        }
    }

    [Fact]
    public async Task SetSchedule_LastTickGiven_OnlyMovesItForward()
    {
        var pipeline = Unique();
        Assert.Equal(T0, (await Store.SetScheduleAsync(NewSchedule(pipeline) with { LastTick = T0 }, Ct)).LastTick);
        Assert.Equal(T0, (await Store.SetScheduleAsync(NewSchedule(pipeline) with { LastTick = T0.AddHours(-1) }, Ct)).LastTick);
        Assert.Equal(T0.AddHours(1), (await Store.SetScheduleAsync(NewSchedule(pipeline) with { LastTick = T0.AddHours(1) }, Ct)).LastTick);
    }

    [Fact]
    public async Task SetSchedule_WithoutCreatedTime_StampedByTheStore()
    {
        var schedule = await Store.SetScheduleAsync(NewSchedule(Unique()) with { CreatedTime = default }, Ct);

        Assert.NotEqual(default, schedule.CreatedTime);
        Assert.Equal(schedule.CreatedTime, (await Store.ListSchedulesAsync(Ct)).Single().CreatedTime);
    }

    [Fact]
    public async Task ListAndDeleteSchedules_ByPipelineName()
    {
        await Store.SetScheduleAsync(NewSchedule("nightly/b"), Ct);
        await Store.SetScheduleAsync(NewSchedule("nightly/a"), Ct);
        await Store.SetScheduleAsync(NewSchedule("hourly"), Ct);

        Assert.Equal(["hourly", "nightly/a", "nightly/b"], (await Store.ListSchedulesAsync(Ct)).Select(s => s.Pipeline));
        Assert.True(await Store.DeleteScheduleAsync("nightly/a", Ct));
        Assert.False(await Store.DeleteScheduleAsync("nightly/a", Ct));
        Assert.Equal(["hourly", "nightly/b"], (await Store.ListSchedulesAsync(Ct)).Select(s => s.Pipeline));
    }

    [Fact]
    public async Task SetSchedule_BadInput_InvalidParameterValue()
    {
        var good = NewSchedule(Unique());
        PipelineSchedule[] bad =
        [
            good with { Pipeline = "no spaces please" },
            good with { Cron = string.Empty },
            good with { Cron = new string('*', PipelineLimits.MaxCronLength + 1) },
            good with { TimeZone = "Mars/Olympus_Mons" },
            good with { Definition = string.Empty },
        ];

        foreach (var schedule in bad)
        {
            await Throws(() => Store.SetScheduleAsync(schedule, Ct), ErrorCode.InvalidParameterValue);
        }

        Assert.Empty(await Store.ListSchedulesAsync(Ct));
    }

    [Fact]
    public async Task ClaimTick_ManyTasksAtOnce_ExactlyOneClaims()
    {
        var pipeline = Unique();
        await Store.SetScheduleAsync(NewSchedule(pipeline), Ct);

        var claims = await Task.WhenAll(Enumerable.Range(0, 48).Select(i => Task.Run(() => Store.ClaimTickAsync(pipeline, T0.AddMinutes(5), $"task-{i}", Ct))));

        Assert.Equal(1, claims.Count(c => c));
        Assert.Equal(T0.AddMinutes(5), (await Store.ListSchedulesAsync(Ct)).Single().LastTick);
    }

    [Fact]
    public async Task ClaimTick_SeveralStoresAtOnce_ExactlyOneClaimPerTick()
    {
        const int Ticks = 6;
        var pipeline = Unique();
        await Store.SetScheduleAsync(NewSchedule(pipeline), Ct);
        var stores = new List<IPipelineStore> { Store, await OpenStoreAsync(), await OpenStoreAsync(), await OpenStoreAsync() };

        // Every store runs three schedulers, each asking for every tick in turn, as replicas do when their timers fire together.
        var claims = await Task.WhenAll(Enumerable.Range(0, stores.Count * 3).Select(s => Task.Run(async () =>
        {
            var won = new List<int>();
            for (var t = 0; t < Ticks; t++)
            {
                if (await stores[s % stores.Count].ClaimTickAsync(pipeline, T0.AddMinutes(5 * t), $"server-{s}", Ct))
                {
                    won.Add(t);
                }
            }

            return won;
        })));

        Assert.Equal(Enumerable.Range(0, Ticks), claims.SelectMany(c => c).Order());
        Assert.Equal(T0.AddMinutes(5 * (Ticks - 1)), (await Store.ListSchedulesAsync(Ct)).Single().LastTick);
    }

    [Fact]
    public async Task ClaimTick_EarlierTick_ClaimedOnceWithoutMovingLastTickBack()
    {
        var pipeline = Unique();
        await Store.SetScheduleAsync(NewSchedule(pipeline), Ct);

        Assert.True(await Store.ClaimTickAsync(pipeline, T0.AddMinutes(10), "a", Ct));
        Assert.True(await Store.ClaimTickAsync(pipeline, T0.AddMinutes(5), "b", Ct));
        Assert.False(await Store.ClaimTickAsync(pipeline, T0.AddMinutes(5), "c", Ct));
        Assert.False(await Store.ClaimTickAsync(pipeline, T0.AddMinutes(10), "c", Ct));

        Assert.Equal(T0.AddMinutes(10), (await Store.ListSchedulesAsync(Ct)).Single().LastTick);
    }

    [Fact]
    public async Task ClaimTick_NoScheduleOrDisabled_NotClaimed()
    {
        var pipeline = Unique();
        Assert.False(await Store.ClaimTickAsync(pipeline, T0, "a", Ct));
        await Store.SetScheduleAsync(NewSchedule(pipeline) with { Enabled = false }, Ct);
        Assert.False(await Store.ClaimTickAsync(pipeline, T0, "a", Ct));

        await Store.SetScheduleAsync(NewSchedule(pipeline), Ct);

        Assert.True(await Store.ClaimTickAsync(pipeline, T0, "a", Ct));
        await Throws(() => Store.ClaimTickAsync(pipeline, T0, string.Empty, Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Store.ClaimTickAsync("bad name!", T0, "a", Ct), ErrorCode.InvalidParameterValue);
    }

    [Fact]
    public async Task ClaimTick_OlderThanTheRetentionBehindTheLatest_NeverClaimedAgain()
    {
        var pipeline = Unique();
        await Store.SetScheduleAsync(NewSchedule(pipeline), Ct);
        Assert.True(await Store.ClaimTickAsync(pipeline, T0, "a", Ct));

        // This claim forgets the tick at T0; T0 must still never be claimed again.
        Assert.True(await Store.ClaimTickAsync(pipeline, T0 + PipelineLimits.TickRetention + TimeSpan.FromMinutes(1), "a", Ct));

        Assert.False(await Store.ClaimTickAsync(pipeline, T0, "b", Ct));
        Assert.False(await Store.ClaimTickAsync(pipeline, T0.AddMinutes(-5), "b", Ct));
        Assert.True(await Store.ClaimTickAsync(pipeline, T0.AddMinutes(5), "b", Ct));
    }
}
