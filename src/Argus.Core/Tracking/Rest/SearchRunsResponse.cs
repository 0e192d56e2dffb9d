namespace Argus.Core.Tracking.Rest;

/// <summary>Reply to runs/search.</summary>
public sealed record SearchRunsResponse(IReadOnlyList<Run>? Runs, string? NextPageToken);
