namespace Argus.Core.Registry.Rest;

/// <summary>Reply to model-versions/search.</summary>
public sealed record SearchModelVersionsResponse(IReadOnlyList<ModelVersion>? ModelVersions, string? NextPageToken);
