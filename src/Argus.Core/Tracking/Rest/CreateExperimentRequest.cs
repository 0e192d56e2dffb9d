namespace Argus.Core.Tracking.Rest;

/// <summary>POST experiments/create.</summary>
public sealed record CreateExperimentRequest(string? Name = null, string? ArtifactLocation = null, IReadOnlyList<Tag>? Tags = null);
