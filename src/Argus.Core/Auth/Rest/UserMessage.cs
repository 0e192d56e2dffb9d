namespace Argus.Core.Auth.Rest;

/// <summary>A user as MLflow's auth API returns it (<c>users/get</c>), with Argus's <c>creation_time</c>.</summary>
public sealed record UserMessage(
    long? Id = null,
    string? Username = null,
    bool? IsAdmin = null,
    long? CreationTime = null,
    IReadOnlyList<ExperimentPermissionMessage>? ExperimentPermissions = null,
    IReadOnlyList<RegisteredModelPermissionMessage>? RegisteredModelPermissions = null)
{
    public static UserMessage From(AuthUser user, IReadOnlyList<ResourcePermission>? permissions = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(
            user.Id,
            user.Name,
            user.IsAdmin,
            user.CreatedAt.ToUnixTimeMilliseconds(),
            permissions?.Where(p => p.Kind == ResourceKind.Experiment).Select(ExperimentPermissionMessage.From).ToList(),
            permissions?.Where(p => p.Kind == ResourceKind.RegisteredModel).Select(RegisteredModelPermissionMessage.From).ToList());
    }
}
