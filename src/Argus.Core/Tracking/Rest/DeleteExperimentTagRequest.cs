namespace Argus.Core.Tracking.Rest;

/// <summary>POST experiments/delete-experiment-tag.</summary>
public sealed record DeleteExperimentTagRequest(string? ExperimentId = null, string? Key = null);
