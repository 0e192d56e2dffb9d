namespace Argus.Core.Auth.Rest;

/// <summary><c>{"experiment_permission": {...}}</c>: experiments/permissions/create and get.</summary>
public sealed record ExperimentPermissionResponse(ExperimentPermissionMessage? ExperimentPermission = null);
