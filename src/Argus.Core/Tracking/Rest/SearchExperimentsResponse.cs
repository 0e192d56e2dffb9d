namespace Argus.Core.Tracking.Rest;

/// <summary>Reply to experiments/search.</summary>
public sealed record SearchExperimentsResponse(IReadOnlyList<Experiment>? Experiments, string? NextPageToken);
