namespace Argus.Core.Tracking.Rest;

/// <summary>POST experiments/delete and experiments/restore.</summary>
public sealed record ExperimentIdRequest(string? ExperimentId = null);
