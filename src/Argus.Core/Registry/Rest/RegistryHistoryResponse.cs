namespace Argus.Core.Registry.Rest;

/// <summary>Reply to GET /api/2.0/argus/registered-models/history (Argus only), newest first.</summary>
public sealed record RegistryHistoryResponse(IReadOnlyList<RegistryEvent>? Events, string? NextPageToken);
