namespace Argus.Core.Tracking.Rest;

/// <summary>experiments/search (GET and POST).</summary>
public sealed record SearchExperimentsRequest(int? MaxResults = null, string? PageToken = null, string? Filter = null, IReadOnlyList<string>? OrderBy = null, ViewType? ViewType = null);
