namespace Argus.Core.Tracking;

/// <summary>What a permanent delete removed: the runs (with their artifact URIs) and experiments.</summary>
public sealed record PurgeResult(IReadOnlyList<PurgedRun> Runs, IReadOnlyList<string> ExperimentIds);
