namespace Argus.Core.Tracking.Rest;

/// <summary>POST experiments/set-experiment-tag.</summary>
public sealed record SetExperimentTagRequest(string? ExperimentId = null, string? Key = null, string? Value = null);
