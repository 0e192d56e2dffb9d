namespace Argus.Core.Tracking;

/// <summary>A run removed for good, and where its artifacts were.</summary>
public sealed record PurgedRun(string RunId, string ArtifactUri);
