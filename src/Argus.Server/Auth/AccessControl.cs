using Argus.Core.Auth;
using Argus.Core.Errors;

namespace Argus.Server.Auth;

/// <summary>
/// What a user may do, as MLflow's auth app decides it: administrators may do everything; anyone else has their
/// explicit permission on the experiment or registered model, else the server's default permission. Runs, metrics and
/// artifacts take their experiment's permission; model versions and aliases their registered model's.
/// </summary>
internal sealed class AccessControl(IAuthStore store, AuthOptions options)
{
    public Permission DefaultPermission => options.DefaultPermission;

    public async ValueTask<Permission> OnExperimentAsync(AuthUser user, string experimentId, CancellationToken cancellationToken) =>
        user.IsAdmin ? Permission.Manage
            : await store.GetPermissionAsync(ResourceKind.Experiment, experimentId, user.Id, cancellationToken).ConfigureAwait(false) ?? options.DefaultPermission;

    /// <exception cref="ArgusException">RESOURCE_DOES_NOT_EXIST when there is no such run.</exception>
    public async ValueTask<Permission> OnRunAsync(AuthUser user, string runId, CancellationToken cancellationToken)
    {
        var access = await store.GetRunAccessAsync(runId, user.Id, cancellationToken).ConfigureAwait(false);
        return user.IsAdmin ? Permission.Manage : access.Permission ?? options.DefaultPermission;
    }

    public async ValueTask<Permission> OnModelAsync(AuthUser user, string name, CancellationToken cancellationToken) =>
        user.IsAdmin ? Permission.Manage
            : await store.GetPermissionAsync(ResourceKind.RegisteredModel, name, user.Id, cancellationToken).ConfigureAwait(false) ?? options.DefaultPermission;

    /// <summary>The search limit for <paramref name="user"/>: null (everything) for an administrator.</summary>
    public ReadAccess? ReadFilter(AuthUser user) => user.IsAdmin ? null : new ReadAccess(user.Id, options.DefaultPermission.Allows(Permission.Read));

    /// <summary>The ids among <paramref name="experimentIds"/> that <paramref name="user"/> may read, in order.</summary>
    public async Task<List<string>> ReadableExperimentsAsync(AuthUser user, IReadOnlyList<string> experimentIds, CancellationToken cancellationToken)
    {
        var readable = new List<string>(experimentIds.Count);
        foreach (var id in experimentIds)
        {
            if ((await OnExperimentAsync(user, id, cancellationToken).ConfigureAwait(false)).Allows(Permission.Read))
            {
                readable.Add(id);
            }
        }

        return readable;
    }

    /// <summary>Gives the creator of a new experiment or registered model MANAGE on it, as MLflow does.</summary>
    public async Task GrantCreatorAsync(AuthUser user, ResourceKind kind, string resource, CancellationToken cancellationToken)
    {
        try
        {
            await store.CreatePermissionAsync(kind, resource, user.Name, Permission.Manage, user.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgusException e) when (e.Code == ErrorCode.ResourceAlreadyExists)
        {
            await store.UpdatePermissionAsync(kind, resource, user.Name, Permission.Manage, user.Name, cancellationToken).ConfigureAwait(false);
        }
    }
}
