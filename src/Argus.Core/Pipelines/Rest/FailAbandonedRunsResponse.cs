namespace Argus.Core.Pipelines.Rest;

/// <summary>Reply to runs/fail-abandoned: the runs this call failed (omitted when none).</summary>
public sealed record FailAbandonedRunsResponse(IReadOnlyList<string>? RunIds);
