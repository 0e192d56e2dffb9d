using Argus.Core.Tracking;

namespace Argus.Core.Pipelines.Runs;

/// <summary>
/// Pipeline runs, step runs, their logs, and schedules, kept beside the tracking data (the database stores implement it;
/// the HTTP store reaches the server's). Guarantees several runners and servers rely on:
/// <list type="bullet">
/// <item><see cref="StartRunAsync"/> refuses (RESOURCE_CONFLICT) a second running run of the same pipeline: no overlap;</item>
/// <item><see cref="ClaimTickAsync"/> answers true to exactly one caller per (pipeline, tick), across processes;</item>
/// <item><see cref="FailAbandonedRunsAsync"/> ends runs whose heartbeat stopped, so nothing stays running forever.</item>
/// </list>
/// </summary>
public interface IPipelineStore
{
    /// <summary>Records a new running run with its steps as given (all pending; a retry carries the succeeded steps it resumes after).</summary>
    /// <exception cref="Errors.ArgusException">RESOURCE_CONFLICT when a run of the pipeline is still running.</exception>
    Task<PipelineRun> StartRunAsync(PipelineRun run, CancellationToken cancellationToken);

    /// <summary>Replaces one step's record of a running run.</summary>
    Task UpdateStepAsync(string runId, StepRun step, CancellationToken cancellationToken);

    /// <summary>Appends text to a step's log.</summary>
    Task AppendStepLogAsync(string runId, string step, string text, CancellationToken cancellationToken);

    /// <summary>Refreshes a running run's heartbeat.</summary>
    Task HeartbeatAsync(string runId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends a run (state, end time, message). Ending a run that already ended changes nothing and returns false.</summary>
    Task<bool> EndRunAsync(string runId, PipelineRunState state, DateTimeOffset endTime, string? message, CancellationToken cancellationToken);

    /// <summary>A run with its steps.</summary>
    /// <exception cref="Errors.ArgusException">RESOURCE_DOES_NOT_EXIST for an unknown run.</exception>
    Task<PipelineRun> GetRunAsync(string runId, CancellationToken cancellationToken);

    /// <summary>A page of runs (without their definitions' steps' logs), newest first.</summary>
    Task<Page<PipelineRun>> SearchRunsAsync(PipelineRunQuery query, CancellationToken cancellationToken);

    /// <summary>A step's whole log, empty when it wrote nothing.</summary>
    Task<string> GetStepLogAsync(string runId, string step, CancellationToken cancellationToken);

    /// <summary>
    /// Fails every running run whose heartbeat is older than <paramref name="heartbeatBefore"/> (its running steps too),
    /// with <paramref name="message"/>; returns their ids.
    /// </summary>
    Task<IReadOnlyList<string>> FailAbandonedRunsAsync(DateTimeOffset heartbeatBefore, string message, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Creates or replaces a pipeline's schedule.</summary>
    Task<PipelineSchedule> SetScheduleAsync(PipelineSchedule schedule, CancellationToken cancellationToken);

    Task<IReadOnlyList<PipelineSchedule>> ListSchedulesAsync(CancellationToken cancellationToken);

    /// <summary>Removes a schedule; false when there was none.</summary>
    Task<bool> DeleteScheduleAsync(string pipeline, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a tick of a schedule for <paramref name="owner"/>: true for exactly one caller per (pipeline, tick), however
    /// many servers ask at once; also moves the schedule's <see cref="PipelineSchedule.LastTick"/> forward.
    /// </summary>
    Task<bool> ClaimTickAsync(string pipeline, DateTimeOffset tick, string owner, CancellationToken cancellationToken);
}
