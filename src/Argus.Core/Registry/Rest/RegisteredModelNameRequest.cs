namespace Argus.Core.Registry.Rest;

/// <summary>DELETE registered-models/delete: a model by name.</summary>
public sealed record RegisteredModelNameRequest(string? Name = null);
