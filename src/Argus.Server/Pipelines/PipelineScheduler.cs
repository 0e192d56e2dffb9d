using System.Collections.Concurrent;
using Argus.Core.Errors;
using Argus.Core.Pipelines;
using Argus.Core.Pipelines.Runs;
using Argus.Core.Pipelines.Scheduling;
using Argus.Core.Pipelines.Steps;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Sdk;
using Argus.Server.Hosting;
using Argus.XGBoost.Pipelines;

namespace Argus.Server.Pipelines;

/// <summary>
/// Runs the stored pipeline schedules inside <c>argus server</c>. Every <see cref="PipelineSchedulerOptions.PollInterval"/>
/// it fails the runs whose heartbeat stopped (a process that died mid-run), then, for each enabled schedule, works out the
/// due tick (<see cref="Misfire"/>: after missed ticks only the latest runs, once) and claims it in the store. The claim is
/// a database insert, so when several replicas share one PostgreSQL store exactly one of them wins each tick and runs
/// it; the store also refuses a second running run of a pipeline, so a tick that comes while the last run is still going
/// is skipped, never overlapped. Runs started here are cancelled (and recorded as failed) when the server stops.
/// </summary>
internal sealed partial class PipelineScheduler(
    ArgusServerOptions options, ITrackingStore store, IPipelineStore pipelines, ILogger<PipelineScheduler> logger) : BackgroundService
{
    private readonly PipelineSchedulerOptions _options = options.Scheduler;
    private readonly StepKindCatalog _kinds = new(StepKinds.All);
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The runs this server started that have not ended yet, by pipeline.</summary>
    internal IReadOnlyCollection<Task> Running => (IReadOnlyCollection<Task>)_running.Values;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.PollInterval, _options.TimeProvider);
        do
        {
            try
            {
                await PollAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                PollFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One pass: fail abandoned runs, then claim and start every due tick. Returns the ticks this server claimed.</summary>
    internal async Task<IReadOnlyList<(string Pipeline, DateTimeOffset Tick)>> PollAsync(CancellationToken cancellationToken)
    {
        var now = _options.TimeProvider.GetUtcNow();
        var cutoff = now - PipelineRunner.AbandonedAfter(_options.HeartbeatInterval);
        foreach (var runId in await pipelines.FailAbandonedRunsAsync(cutoff, $"no heartbeat since before {cutoff:u}: the process running it stopped", now, cancellationToken).ConfigureAwait(false))
        {
            RunAbandoned(logger, runId);
        }

        var claimed = new List<(string, DateTimeOffset)>();
        foreach (var schedule in await pipelines.ListSchedulesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!schedule.Enabled)
            {
                continue;
            }

            CronSchedule cron;
            try
            {
                cron = CronSchedule.Parse(schedule.Cron, schedule.TimeZone);
            }
            catch (ArgusException e)
            {
                BadSchedule(logger, schedule.Pipeline, e.Message);
                continue;
            }

            if (Misfire.Due(cron, schedule.LastTick, schedule.CreatedTime, now) is not { } due
                || !await pipelines.ClaimTickAsync(schedule.Pipeline, due.Tick, _options.Owner, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            if (due.FirstSkipped is { } skipped)
            {
                TicksMissed(logger, schedule.Pipeline, skipped, due.Tick);
            }

            claimed.Add((schedule.Pipeline, due.Tick));
            Start(schedule, due.Tick);
        }

        return claimed;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The runs end themselves as failed ("cancelled") once cancelled; give them until the host's shutdown timeout.
            await Task.WhenAll(_running.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }

    private void Start(PipelineSchedule schedule, DateTimeOffset tick)
    {
        var key = $"{schedule.Pipeline}@{tick:O}";
        var run = Task.Run(() => RunAsync(schedule, tick, _stopping.Token));
        _running[key] = run;
        _ = run.ContinueWith(_ => _running.TryRemove(key, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunAsync(PipelineSchedule schedule, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        try
        {
            var definition = PipelineYaml.Parse(schedule.Definition, _kinds, $"the schedule of {schedule.Pipeline}");
            await using var tracker = Tracker.For(store);
            var runner = new PipelineRunner(new PipelineRunnerOptions
            {
                Tracker = tracker,
                Store = pipelines,
                Kinds = _kinds,
                TimeProvider = _options.TimeProvider,
                Owner = _options.Owner,
                HeartbeatInterval = _options.HeartbeatInterval,
                Logger = logger,
            });
            var run = await runner.RunAsync(definition, new PipelineRunRequest
            {
                Trigger = PipelineTrigger.Schedule,
                ScheduledFor = tick,
                Parameters = schedule.Parameters,
                WorkingDirectory = schedule.WorkingDirectory,
            }, cancellationToken).ConfigureAwait(false);
            RunEnded(logger, schedule.Pipeline, tick, run.RunId, PipelineText.Of(run.State));
        }
        catch (ArgusException e) when (e.Code == ErrorCode.ResourceConflict)
        {
            TickSkipped(logger, schedule.Pipeline, tick, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RunFailed(logger, e, schedule.Pipeline, tick);
        }
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Error, Message = "The pipeline scheduler's pass failed; it tries again at the next poll")]
    private static partial void PollFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Pipeline run {RunId} failed as abandoned: its heartbeat stopped")]
    private static partial void RunAbandoned(ILogger logger, string runId);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "The schedule of pipeline {Pipeline} cannot run: {Reason}")]
    private static partial void BadSchedule(ILogger logger, string pipeline, string reason);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Pipeline {Pipeline} missed its ticks from {FirstSkipped:u}; running once for {Tick:u}")]
    private static partial void TicksMissed(ILogger logger, string pipeline, DateTimeOffset firstSkipped, DateTimeOffset tick);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Information, Message = "Pipeline {Pipeline} run {RunId} for {Tick:u} ended {State}")]
    private static partial void RunEnded(ILogger logger, string pipeline, DateTimeOffset tick, string runId, string state);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Pipeline {Pipeline} tick {Tick:u} skipped: {Reason}")]
    private static partial void TickSkipped(ILogger logger, string pipeline, DateTimeOffset tick, string reason);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Error, Message = "Pipeline {Pipeline} run for {Tick:u} could not run")]
    private static partial void RunFailed(ILogger logger, Exception exception, string pipeline, DateTimeOffset tick);
}
