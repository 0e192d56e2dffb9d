namespace Argus.Core.Pipelines.Runs;

/// <summary>Where a pipeline run is. Only <see cref="Running"/> is not final.</summary>
public enum PipelineRunState
{
    Running,
    Succeeded,
    Failed,
}

/// <summary>Where a step run is. <see cref="Skipped"/>: a step it needs failed, so it never started.</summary>
public enum StepState
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Skipped,
}

/// <summary>Why a run started.</summary>
public enum PipelineTrigger
{
    Manual,
    Schedule,
    Retry,
}

/// <summary>
/// One run of a pipeline with its steps. <see cref="Definition"/> is the YAML it ran (so a retry runs the same
/// pipeline); <see cref="Heartbeat"/> is refreshed while it runs, so a run whose process died is found and failed.
/// </summary>
public sealed record PipelineRun
{
    public required string RunId { get; init; }

    public required string Pipeline { get; init; }

    public required PipelineRunState State { get; init; }

    public required PipelineTrigger Trigger { get; init; }

    /// <summary>The schedule tick this run is for (UTC), when <see cref="Trigger"/> is <see cref="PipelineTrigger.Schedule"/>.</summary>
    public DateTimeOffset? ScheduledFor { get; init; }

    /// <summary>The run this one retries (resuming from its failed steps).</summary>
    public string? RetryOf { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }

    public required DateTimeOffset Heartbeat { get; init; }

    /// <summary>Who runs it: the host and process (or server instance).</summary>
    public required string Owner { get; init; }

    /// <summary>Why it failed, for people; null while running or when it succeeded.</summary>
    public string? Message { get; init; }

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public required string Definition { get; init; }

    /// <summary>
    /// The folder relative paths in the run's settings resolve against: the pipeline file's folder when it was run (or
    /// scheduled); null for the current directory of whoever runs it.
    /// </summary>
    public string? WorkingDirectory { get; init; }

    public IReadOnlyList<StepRun> Steps { get; init; } = [];
}

/// <summary>
/// One step of a run: its state, attempts made, when it started and ended, the outputs it passed on and the last error.
/// Its log is read separately (<see cref="IPipelineStore.GetStepLogAsync"/>).
/// </summary>
public sealed record StepRun
{
    public required string Step { get; init; }

    public required string Kind { get; init; }

    public required StepState State { get; init; }

    public int Attempts { get; init; }

    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }

    public IReadOnlyDictionary<string, string> Outputs { get; init; } = new Dictionary<string, string>();

    public string? Error { get; init; }
}
