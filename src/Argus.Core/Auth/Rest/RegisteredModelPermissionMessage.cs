namespace Argus.Core.Auth.Rest;

/// <summary>A permission on a registered model, as MLflow's auth API writes it.</summary>
public sealed record RegisteredModelPermissionMessage(string? Name = null, long? UserId = null, string? Permission = null)
{
    public static RegisteredModelPermissionMessage From(ResourcePermission permission)
    {
        ArgumentNullException.ThrowIfNull(permission);
        return new(permission.Resource, permission.UserId, permission.Permission.WireName());
    }
}
