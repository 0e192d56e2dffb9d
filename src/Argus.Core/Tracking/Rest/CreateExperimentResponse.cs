namespace Argus.Core.Tracking.Rest;

/// <summary>Reply to experiments/create.</summary>
public sealed record CreateExperimentResponse(string ExperimentId);
