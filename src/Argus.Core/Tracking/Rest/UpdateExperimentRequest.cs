namespace Argus.Core.Tracking.Rest;

/// <summary>POST experiments/update (rename).</summary>
public sealed record UpdateExperimentRequest(string? ExperimentId = null, string? NewName = null);
