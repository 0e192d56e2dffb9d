namespace Argus.Core.Tracking.Rest;

/// <summary>An entry of an artifact listing.</summary>
public sealed record ArtifactFile(string Path, bool IsDir, long? FileSize = null);
