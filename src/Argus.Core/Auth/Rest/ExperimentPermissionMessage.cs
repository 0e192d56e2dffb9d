namespace Argus.Core.Auth.Rest;

/// <summary>A permission on an experiment, as MLflow's auth API writes it.</summary>
public sealed record ExperimentPermissionMessage(string? ExperimentId = null, long? UserId = null, string? Permission = null)
{
    public static ExperimentPermissionMessage From(ResourcePermission permission)
    {
        ArgumentNullException.ThrowIfNull(permission);
        return new(permission.Resource, permission.UserId, permission.Permission.WireName());
    }
}
