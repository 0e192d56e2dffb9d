namespace Argus.Core.Tracking.Rest;

/// <summary>Reply to experiments/get and get-by-name.</summary>
public sealed record ExperimentResponse(Experiment Experiment);
