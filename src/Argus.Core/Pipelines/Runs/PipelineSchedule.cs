namespace Argus.Core.Pipelines.Runs;

/// <summary>
/// A pipeline registered with the scheduler of <c>argus server</c>: the YAML to run, a five-field cron expression read in
/// <see cref="TimeZone"/>, and whether it is on. <see cref="LastTick"/> is the latest tick claimed (run or refused because
/// the previous run was still going).
/// </summary>
public sealed record PipelineSchedule
{
    public required string Pipeline { get; init; }

    public required string Cron { get; init; }

    /// <summary>An IANA or Windows time zone id; <c>UTC</c> by default.</summary>
    public string TimeZone { get; init; } = "UTC";

    public bool Enabled { get; init; } = true;

    public required string Definition { get; init; }

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public DateTimeOffset CreatedTime { get; init; }

    public DateTimeOffset? LastTick { get; init; }

    /// <summary>
    /// The folder relative paths in the pipeline's settings resolve against: the pipeline file's folder when it was
    /// scheduled; null for the scheduler's current directory. Each run it starts carries it.
    /// </summary>
    public string? WorkingDirectory { get; init; }
}

/// <summary>Which runs <see cref="IPipelineStore.SearchRunsAsync"/> returns, newest first.</summary>
public sealed record PipelineRunQuery
{
    /// <summary>Only runs of this pipeline; null: all.</summary>
    public string? Pipeline { get; init; }

    public PipelineRunState? State { get; init; }

    public int MaxResults { get; init; } = 100;

    public string? PageToken { get; init; }
}
