namespace Argus.Core.Registry.Rest;

/// <summary>Reply to registered-models/create, get, rename and update.</summary>
public sealed record RegisteredModelResponse(RegisteredModel RegisteredModel);
