namespace Argus.Core.Tracking.Rest;

/// <summary>POST runs/create.</summary>
public sealed record CreateRunRequest(string? ExperimentId = null, string? UserId = null, string? RunName = null, long? StartTime = null, IReadOnlyList<Tag>? Tags = null);
