namespace Argus.Core.Pipelines.Runs;

/// <summary>
/// The sizes a pipeline store accepts. Names and definitions past their limit are refused (INVALID_PARAMETER_VALUE);
/// failure texts are cut rather than refused, so a failure is always recorded; a step's log keeps its first
/// <see cref="MaxStepLogLength"/> characters and then one note that the rest was dropped.
/// </summary>
public static class PipelineLimits
{
    /// <summary>A pipeline's name: letters, digits, '-', '_', '.', '/'.</summary>
    public const int MaxPipelineNameLength = 200;

    /// <summary>A step's name: letters, digits, '-', '_'.</summary>
    public const int MaxStepNameLength = 200;

    /// <summary>A step kind's name.</summary>
    public const int MaxStepKindLength = 100;

    /// <summary>A run id given by the caller: letters, digits, '-', '_' (the store's own are 32 hex digits).</summary>
    public const int MaxRunIdLength = 64;

    /// <summary>The steps of one run.</summary>
    public const int MaxSteps = 1000;

    /// <summary>Who runs a run or claims a tick.</summary>
    public const int MaxOwnerLength = 500;

    /// <summary>A pipeline's YAML text, in characters.</summary>
    public const int MaxDefinitionLength = 1024 * 1024;

    /// <summary>A run's parameters or a step's outputs: their names and values together, in characters.</summary>
    public const int MaxMapLength = 1024 * 1024;

    /// <summary>A run's message or a step's error, in characters; longer texts are cut and end with "…".</summary>
    public const int MaxMessageLength = 64 * 1024;

    /// <summary>A step's whole log, in characters (UTF-16 code units).</summary>
    public const int MaxStepLogLength = 4 * 1024 * 1024;

    /// <summary>A run's or schedule's working directory, in characters.</summary>
    public const int MaxWorkingDirectoryLength = 4096;

    /// <summary>A schedule's cron expression.</summary>
    public const int MaxCronLength = 200;

    /// <summary>A schedule's time zone id.</summary>
    public const int MaxTimeZoneLength = 100;

    /// <summary>Runs per page of a search unless the query says otherwise.</summary>
    public const int DefaultMaxResults = 100;

    /// <summary>The largest page of a search.</summary>
    public const int MaxMaxResults = 1000;

    /// <summary>
    /// How long claimed ticks are remembered behind a schedule's latest tick. A tick older than the latest by more than
    /// this is never claimed (so forgetting old ticks cannot let one run twice).
    /// </summary>
    public static TimeSpan TickRetention { get; } = TimeSpan.FromDays(30);
}
