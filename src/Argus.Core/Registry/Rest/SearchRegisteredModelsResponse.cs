namespace Argus.Core.Registry.Rest;

/// <summary>Reply to registered-models/search.</summary>
public sealed record SearchRegisteredModelsResponse(IReadOnlyList<RegisteredModel>? RegisteredModels, string? NextPageToken);
