namespace Argus.Core.Tracking;

/// <summary>A run: its info, its data (latest metrics, params, tags) and its inputs.</summary>
public sealed record Run(RunInfo Info, RunData Data, RunInputs Inputs);
