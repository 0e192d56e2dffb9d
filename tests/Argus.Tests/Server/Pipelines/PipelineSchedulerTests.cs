using Argus.Core.Pipelines.Runs;
using Argus.Core.Tracking;
using Argus.Server.Pipelines;
using Argus.Tests.Core.Inference;
using Argus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Argus.Tests.Server.Pipelines;

/// <summary>
/// The scheduler inside real <c>argus server</c>s, on a clock the tests move: due ticks run once (the latest of missed
/// ones), a tick that comes while the last run still runs is skipped rather than overlapped, abandoned runs are failed,
/// and the runs a stopping server started are recorded as failed.
/// </summary>
public abstract class PipelineSchedulerContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Ten = new(2026, 11, 23, 10, 0, 30, TimeSpan.Zero);

    protected const string Quick = """
        name: nightly
        steps:
          - name: hello
            kind: command
            with:
              run: "true"
        """;

    private const string Slow = """
        name: nightly
        steps:
          - name: wait
            kind: command
            with:
              run: sleep
              args: ["300"]
        """;

    private readonly List<ServerFixture> _servers = [];

    protected ManualTimeProvider Clock { get; } = new(Ten);

    /// <summary>The backend store URI every server of a test shares.</summary>
    protected abstract Task<string> BackendAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    private protected async Task<(ServerFixture Server, PipelineScheduler Scheduler, IPipelineStore Store)> StartServerAsync(string backend, TimeSpan? heartbeat = null)
    {
        var server = await ServerFixture.StartAsync(o => o with
        {
            BackendStoreUri = backend,
            Scheduler = new PipelineSchedulerOptions { TimeProvider = Clock, PollInterval = TimeSpan.FromHours(6), HeartbeatInterval = heartbeat ?? TimeSpan.FromSeconds(15) },
        });
        _servers.Add(server);
        return (server, server.Services.GetRequiredService<PipelineScheduler>(), server.Services.GetRequiredService<IPipelineStore>());
    }

    protected static Task ScheduleAsync(IPipelineStore store, string definition, string cron = "*/5 * * * *") =>
        store.SetScheduleAsync(new PipelineSchedule
        {
            Pipeline = "nightly",
            Cron = cron,
            Definition = definition,
            CreatedTime = Ten.AddMinutes(-10),
        }, CancellationToken.None);

    protected static async Task<IReadOnlyList<PipelineRun>> RunsAsync(IPipelineStore store) =>
        (await store.SearchRunsAsync(new PipelineRunQuery { Pipeline = "nightly" }, CancellationToken.None)).Items;

    [Fact]
    public async Task Poll_MissedTicks_RunsTheLatestOnce_ThenNothingUntilTheNextTick()
    {
        var (_, scheduler, store) = await StartServerAsync(await BackendAsync());
        await ScheduleAsync(store, Quick);

        // This pass, or the server's own first pass racing it, claims the tick; either way it runs once.
        var claimed = await scheduler.PollAsync(CancellationToken.None);
        var runs = await WaitForAsync(store, r => r.Count == 1 && r[0].State != PipelineRunState.Running);

        // Created 09:50:30; at 10:00:30 the ticks 09:55 and 10:00 are due: only 10:00 runs.
        Assert.True(claimed.Count <= 1);
        Assert.Empty(await scheduler.PollAsync(CancellationToken.None));
        var run = Assert.Single(runs);
        Assert.Equal((PipelineRunState.Succeeded, PipelineTrigger.Schedule, Ten.AddSeconds(-30)), (run.State, run.Trigger, run.ScheduledFor));
        Assert.Equal(StepState.Succeeded, Assert.Single(run.Steps).State);

        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([("nightly", Ten.AddMinutes(5).AddSeconds(-30))], await scheduler.PollAsync(CancellationToken.None));
        await WaitForAsync(store, r => r.Count == 2 && r.All(x => x.State != PipelineRunState.Running));
    }

    [Fact]
    public async Task Poll_TickWhileTheLastRunStillRuns_SkippedNotOverlapped_AndStoppingFailsTheRun()
    {
        var backend = await BackendAsync();
        // The clock jumps 5 minutes at once below, faster than heartbeats could follow: a long heartbeat keeps the run
        // from looking abandoned, so the only thing that can refuse the tick is the run still going.
        var (server, scheduler, store) = await StartServerAsync(backend, heartbeat: TimeSpan.FromMinutes(10));
        await ScheduleAsync(store, Slow);
        await scheduler.PollAsync(CancellationToken.None);
        var running = await WaitForAsync(store, runs => runs.Count == 1 && runs[0].Steps.Any(s => s.State == StepState.Running));

        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Single(await scheduler.PollAsync(CancellationToken.None)); // the tick is claimed…
        await WaitForAsync(store, _ => scheduler.Running.Count <= 1); // …and its start refused: one run is running
        Assert.Equal([running[0].RunId], (await RunsAsync(store)).Select(r => r.RunId));

        await server.StopAsync();
        await using var reopened = await TrackingStores.OpenAsync(backend, new TrackingStoreOptions()); // the stopped server's store is closed
        var stopped = Assert.Single(await RunsAsync(PipelineStores.For(reopened)));
        Assert.Equal(PipelineRunState.Failed, stopped.State);
        Assert.Contains("cancel", stopped.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Poll_RunWhoseHeartbeatStopped_FailedAsAbandoned()
    {
        var (_, scheduler, store) = await StartServerAsync(await BackendAsync());
        var dead = await store.StartRunAsync(new PipelineRun
        {
            RunId = string.Empty,
            Pipeline = "crashed",
            State = PipelineRunState.Running,
            Trigger = PipelineTrigger.Manual,
            StartTime = Ten.AddMinutes(-30),
            Heartbeat = Ten.AddMinutes(-20),
            Owner = "a server that was killed",
            Definition = Quick,
            Steps = [new StepRun { Step = "hello", Kind = "command", State = StepState.Running, Attempts = 1, StartTime = Ten.AddMinutes(-30) }],
        }, CancellationToken.None);

        await scheduler.PollAsync(CancellationToken.None);

        var failed = await store.GetRunAsync(dead.RunId, CancellationToken.None);
        Assert.Equal(PipelineRunState.Failed, failed.State);
        Assert.Contains("heartbeat", failed.Message, StringComparison.Ordinal);
        Assert.Equal(StepState.Failed, Assert.Single(failed.Steps).State);
    }

    /// <summary>Reads the runs until <paramref name="done"/> holds (bounded by a deadline so a bug fails instead of hanging).</summary>
    protected static async Task<IReadOnlyList<PipelineRun>> WaitForAsync(IPipelineStore store, Func<IReadOnlyList<PipelineRun>, bool> done)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            var runs = await RunsAsync(store);
            if (done(runs))
            {
                return runs;
            }

            await Task.Delay(20, deadline.Token);
        }
    }
}

public sealed class SqlitePipelineSchedulerTests : PipelineSchedulerContract
{
    private readonly TempDirectory _directory = new("argus-scheduler");

    protected override Task<string> BackendAsync() => Task.FromResult(_directory.SqliteUri());

    [Fact]
    public async Task Server_SchedulerOnByDefault_AndOffWithNoScheduler()
    {
        Assert.True(new Argus.Server.Hosting.ArgusServerOptions().Scheduler.Enabled); // argus server runs schedules unless --no-scheduler
        await using var off = await ServerFixture.StartAsync(o => o with { Scheduler = new PipelineSchedulerOptions { Enabled = false } });
        Assert.Null(off.Services.GetService<PipelineScheduler>());
        Assert.DoesNotContain(off.Services.GetServices<IHostedService>(), s => s is PipelineScheduler);
    }
}

/// <summary>Two <c>argus server</c> replicas on one PostgreSQL database: every tick runs exactly once between them.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresPipelineSchedulerTests(PostgresCluster cluster) : PipelineSchedulerContract
{
    protected override Task<string> BackendAsync() => cluster.CreateDatabaseAsync();

    [Fact]
    public async Task TwoReplicas_PollingAtOnce_EachTickRunsExactlyOnce()
    {
        var backend = await BackendAsync();
        var (_, first, store) = await StartServerAsync(backend);
        var (_, second, _) = await StartServerAsync(backend);
        await ScheduleAsync(store, Quick);

        const int Rounds = 5;
        for (var round = 0; round < Rounds; round++)
        {
            // Four passes at once (and, in the first round, maybe a server's own first pass): one claim at most among them.
            var passes = await Task.WhenAll(first.PollAsync(CancellationToken.None), second.PollAsync(CancellationToken.None),
                first.PollAsync(CancellationToken.None), second.PollAsync(CancellationToken.None));
            Assert.True(passes.Sum(p => p.Count) <= 1, $"round {round}: {passes.Sum(p => p.Count)} claims");
            await WaitForAsync(store, r => r.Count == round + 1 && r.All(x => x.State != PipelineRunState.Running));
            Clock.Advance(TimeSpan.FromMinutes(5));
        }

        var runs = await RunsAsync(store);
        Assert.Equal(Rounds, runs.Count);
        Assert.Equal(Rounds, runs.Select(r => r.ScheduledFor).Distinct().Count());
        Assert.All(runs, r => Assert.Equal(PipelineRunState.Succeeded, r.State));
    }
}
