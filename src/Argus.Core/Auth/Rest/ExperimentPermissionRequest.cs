namespace Argus.Core.Auth.Rest;

/// <summary>experiments/permissions/create|update|delete (delete has no permission).</summary>
public sealed record ExperimentPermissionRequest(string? ExperimentId = null, string? Username = null, string? Permission = null);
