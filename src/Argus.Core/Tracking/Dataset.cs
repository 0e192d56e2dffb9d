namespace Argus.Core.Tracking;

/// <summary>A dataset as MLflow describes it: identified within an experiment by name and digest.</summary>
public sealed record Dataset(string Name, string Digest, string SourceType, string Source, string? Schema = null, string? Profile = null);
