namespace Argus.Core.Registry.Rest;

/// <summary>Reply to registered-models/get-latest-versions.</summary>
public sealed record ModelVersionsResponse(IReadOnlyList<ModelVersion>? ModelVersions);
