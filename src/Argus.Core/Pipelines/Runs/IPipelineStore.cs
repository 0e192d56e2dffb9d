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
/// Times are kept to the millisecond. Sizes are bounded by <see cref="PipelineLimits"/>. <see cref="GetRunAsync"/> shares
/// its parameters with <see cref="ITrackingStore.GetRunAsync"/>, so stores implementing both implement it explicitly: call
/// it through this interface (<see cref="PipelineStores.For"/>).
/// </summary>
public interface IPipelineStore
{
    /// <summary>
    /// Records a new running run with its steps as given (all pending; a retry carries the succeeded steps it resumes after),
    /// in that order. An empty <see cref="PipelineRun.RunId"/> gets a new time-ordered id (32 hex digits); the run returned
    /// is the run as stored.
    /// </summary>
    /// <exception cref="Errors.ArgusException">RESOURCE_CONFLICT, naming the running run, when a run of the pipeline is still
    /// running; RESOURCE_ALREADY_EXISTS for a given id already used; INVALID_PARAMETER_VALUE for a state other than running,
    /// a bad name, duplicate steps or a size past <see cref="PipelineLimits"/>.</exception>
    Task<PipelineRun> StartRunAsync(PipelineRun run, CancellationToken cancellationToken);

    /// <summary>Replaces one step's record of a running run (a step the run did not have is added after the others).</summary>
    /// <exception cref="Errors.ArgusException">RESOURCE_DOES_NOT_EXIST for an unknown run; RESOURCE_CONFLICT when the run has
    /// ended (failed as abandoned, say): its runner should stop.</exception>
    Task UpdateStepAsync(string runId, StepRun step, CancellationToken cancellationToken);

    /// <summary>
    /// Appends text to a step's log (also after the run ended). A log keeps its first
    /// <see cref="PipelineLimits.MaxStepLogLength"/> characters, then one note that the rest was dropped; NUL characters and
    /// unpaired surrogates are kept as U+FFFD. Empty text changes nothing.
    /// </summary>
    /// <exception cref="Errors.ArgusException">RESOURCE_DOES_NOT_EXIST for an unknown run or a step the run does not have.</exception>
    Task AppendStepLogAsync(string runId, string step, string text, CancellationToken cancellationToken);

    /// <summary>Refreshes a running run's heartbeat (it never moves back).</summary>
    /// <exception cref="Errors.ArgusException">RESOURCE_DOES_NOT_EXIST for an unknown run; RESOURCE_CONFLICT when the run has
    /// ended (failed as abandoned, say): its runner should stop.</exception>
    Task HeartbeatAsync(string runId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a run (state, end time, message; its steps are left as they are). Ending a run that already ended changes
    /// nothing and returns false.
    /// </summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE for <see cref="PipelineRunState.Running"/>;
    /// RESOURCE_DOES_NOT_EXIST for an unknown run.</exception>
    Task<bool> EndRunAsync(string runId, PipelineRunState state, DateTimeOffset endTime, string? message, CancellationToken cancellationToken);

    /// <summary>A run with its steps.</summary>
    /// <exception cref="Errors.ArgusException">RESOURCE_DOES_NOT_EXIST for an unknown run.</exception>
    Task<PipelineRun> GetRunAsync(string runId, CancellationToken cancellationToken);

    /// <summary>A page of runs with their steps (logs are read with <see cref="GetStepLogAsync"/>), newest start first.</summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE for a bad page size or page token.</exception>
    Task<Page<PipelineRun>> SearchRunsAsync(PipelineRunQuery query, CancellationToken cancellationToken);

    /// <summary>A step's whole log, empty when it wrote nothing.</summary>
    /// <exception cref="Errors.ArgusException">RESOURCE_DOES_NOT_EXIST for an unknown run or a step the run does not have.</exception>
    Task<string> GetStepLogAsync(string runId, string step, CancellationToken cancellationToken);

    /// <summary>
    /// Fails every running run whose heartbeat is older than <paramref name="heartbeatBefore"/>, with
    /// <paramref name="message"/> and end time <paramref name="now"/>; their running steps fail and their pending steps are
    /// skipped, with the message as error. Returns their ids; when several callers ask at once, each run is returned to one.
    /// </summary>
    Task<IReadOnlyList<string>> FailAbandonedRunsAsync(DateTimeOffset heartbeatBefore, string message, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Creates or replaces a pipeline's schedule and returns it as stored. Replacing keeps the first
    /// <see cref="PipelineSchedule.CreatedTime"/> and never moves <see cref="PipelineSchedule.LastTick"/> back; a default
    /// created time is the store's clock.
    /// </summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE for a bad name, an unknown time zone, or an empty cron
    /// expression or definition.</exception>
    Task<PipelineSchedule> SetScheduleAsync(PipelineSchedule schedule, CancellationToken cancellationToken);

    /// <summary>Every schedule, by pipeline name.</summary>
    Task<IReadOnlyList<PipelineSchedule>> ListSchedulesAsync(CancellationToken cancellationToken);

    /// <summary>Removes a schedule; false when there was none.</summary>
    Task<bool> DeleteScheduleAsync(string pipeline, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a tick of a schedule for <paramref name="owner"/>: true for exactly one caller per (pipeline, tick), however
    /// many servers ask at once; also moves the schedule's <see cref="PipelineSchedule.LastTick"/> forward. False when the
    /// pipeline has no schedule or it is disabled (deleted or turned off meanwhile), and for a tick more than
    /// <see cref="PipelineLimits.TickRetention"/> older than the last one.
    /// </summary>
    Task<bool> ClaimTickAsync(string pipeline, DateTimeOffset tick, string owner, CancellationToken cancellationToken);
}
