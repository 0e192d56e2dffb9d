namespace Argus.Core.Tracking.Rest;

/// <summary>Reply to artifacts/list and mlflow-artifacts list.</summary>
public sealed record ListArtifactsResponse(string? RootUri, IReadOnlyList<ArtifactFile>? Files, string? NextPageToken = null);
