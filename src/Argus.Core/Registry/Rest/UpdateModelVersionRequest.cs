namespace Argus.Core.Registry.Rest;

/// <summary>PATCH model-versions/update.</summary>
public sealed record UpdateModelVersionRequest(string? Name = null, string? Version = null, string? Description = null);
