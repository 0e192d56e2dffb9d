namespace Argus.Core.Registry.Rest;

/// <summary>PATCH registered-models/update.</summary>
public sealed record UpdateRegisteredModelRequest(string? Name = null, string? Description = null);
