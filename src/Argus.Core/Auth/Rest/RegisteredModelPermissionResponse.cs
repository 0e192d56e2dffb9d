namespace Argus.Core.Auth.Rest;

/// <summary><c>{"registered_model_permission": {...}}</c>: registered-models/permissions/create and get.</summary>
public sealed record RegisteredModelPermissionResponse(RegisteredModelPermissionMessage? RegisteredModelPermission = null);
