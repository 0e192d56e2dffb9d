namespace Argus.Core.Registry.Rest;

/// <summary>DELETE model-versions/delete: a version by model name and number.</summary>
public sealed record ModelVersionRequest(string? Name = null, string? Version = null);
