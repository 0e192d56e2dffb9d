namespace Argus.Core.Tracking.Rest;

/// <summary>POST runs/search.</summary>
public sealed record SearchRunsRequest(IReadOnlyList<string>? ExperimentIds = null, string? Filter = null, ViewType? RunViewType = null, int? MaxResults = null, IReadOnlyList<string>? OrderBy = null, string? PageToken = null);
