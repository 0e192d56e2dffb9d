namespace Argus.Core.Registry.Rest;

/// <summary>POST model-versions/transition-stage (deprecated in MLflow, still served); <c>reason</c> is an Argus extension.</summary>
public sealed record TransitionStageRequest(string? Name = null, string? Version = null, string? Stage = null, bool? ArchiveExistingVersions = null, string? Reason = null);
