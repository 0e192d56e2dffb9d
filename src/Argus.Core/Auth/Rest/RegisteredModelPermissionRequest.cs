namespace Argus.Core.Auth.Rest;

/// <summary>registered-models/permissions/create|update|delete (delete has no permission).</summary>
public sealed record RegisteredModelPermissionRequest(string? Name = null, string? Username = null, string? Permission = null);
