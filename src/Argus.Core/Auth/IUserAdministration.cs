using Argus.Core.Tracking;

namespace Argus.Core.Auth;

/// <summary>
/// Managing users, API tokens and permissions: over the database directly (<see cref="UserAdministration"/>) or
/// through a server's REST API (the HTTP tracking store), so <c>argus users|tokens|permissions</c> work either way.
/// </summary>
public interface IUserAdministration
{
    /// <exception cref="Errors.ArgusException">RESOURCE_ALREADY_EXISTS when the name is taken; INVALID_PARAMETER_VALUE for a bad name or password.</exception>
    Task<AuthUser> CreateUserAsync(string userName, string password, bool isAdmin, CancellationToken cancellationToken);

    /// <summary>The user and every permission granted to them.</summary>
    Task<UserDetails> GetUserAsync(string userName, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuthUser>> ListUsersAsync(CancellationToken cancellationToken);

    Task SetPasswordAsync(string userName, string password, CancellationToken cancellationToken);

    Task SetAdminAsync(string userName, bool isAdmin, CancellationToken cancellationToken);

    Task DeleteUserAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Creates a token for <paramref name="userName"/> (null: the caller, through a server); its secret is in the result only.</summary>
    Task<CreatedToken> CreateTokenAsync(string? userName, string name, DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    /// <summary>The tokens of <paramref name="userName"/> (null: the caller's through a server, everyone's locally).</summary>
    Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? userName, CancellationToken cancellationToken);

    Task RevokeTokenAsync(long id, CancellationToken cancellationToken);

    /// <summary>Gives the user this permission on the resource, creating or replacing their grant.</summary>
    Task<ResourcePermission> GrantAsync(ResourceKind kind, string resource, string userName, Permission permission, CancellationToken cancellationToken);

    /// <summary>Removes the user's grant on the resource (the server's default permission applies again).</summary>
    Task RevokeAsync(ResourceKind kind, string resource, string userName, CancellationToken cancellationToken);

    /// <summary>One page of the audit log, newest first.</summary>
    Task<Page<AuditEntry>> SearchAuditAsync(AuditQuery query, CancellationToken cancellationToken);
}
