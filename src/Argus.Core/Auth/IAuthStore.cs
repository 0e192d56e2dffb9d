using Argus.Core.Tracking;

namespace Argus.Core.Auth;

/// <summary>
/// Users, API tokens, sign-in sessions, permissions and the audit log, kept in the tracking database so every
/// replica of a server sees the same. Secrets are stored only as hashes. Every change that the audit log covers is
/// written to it in the same transaction, naming <c>actor</c> (null: unknown).
/// </summary>
public interface IAuthStore
{
    // ---------------------------------------------------------------- users

    /// <summary>Creates a user with an already hashed password.</summary>
    /// <exception cref="Errors.ArgusException">RESOURCE_ALREADY_EXISTS when the name is taken.</exception>
    Task<AuthUser> CreateUserAsync(string userName, string passwordHash, bool isAdmin, string? actor, CancellationToken cancellationToken);

    /// <summary>Creates an administrator only when there is no user at all (the bootstrap); false when there was one.</summary>
    Task<bool> CreateFirstAdminAsync(string userName, string passwordHash, CancellationToken cancellationToken);

    /// <summary>The user of this name, or null.</summary>
    Task<AuthUser?> FindUserAsync(string userName, CancellationToken cancellationToken);

    /// <summary>The user of this name with their password hash, or null.</summary>
    Task<UserCredentials?> FindCredentialsAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Every user, by name.</summary>
    Task<IReadOnlyList<AuthUser>> ListUsersAsync(CancellationToken cancellationToken);

    /// <exception cref="Errors.ArgusException">RESOURCE_DOES_NOT_EXIST when there is no such user.</exception>
    Task SetPasswordHashAsync(string userName, string passwordHash, string? actor, CancellationToken cancellationToken);

    /// <exception cref="Errors.ArgusException">RESOURCE_DOES_NOT_EXIST when there is no such user.</exception>
    Task SetAdminAsync(string userName, bool isAdmin, string? actor, CancellationToken cancellationToken);

    /// <summary>Deletes a user with their tokens, sessions and permissions.</summary>
    /// <exception cref="Errors.ArgusException">RESOURCE_DOES_NOT_EXIST when there is no such user.</exception>
    Task DeleteUserAsync(string userName, string? actor, CancellationToken cancellationToken);

    // ---------------------------------------------------------------- API tokens

    /// <summary>Stores a token by the SHA-256 of its secret (<see cref="Secrets.Sha256"/>).</summary>
    Task<ApiToken> CreateTokenAsync(string userName, string name, string tokenHash, DateTimeOffset? expiresAt, string? actor, CancellationToken cancellationToken);

    /// <summary>The token with this hash and its user, whether or not it is still active; null when there is none.</summary>
    Task<TokenMatch?> FindTokenAsync(string tokenHash, CancellationToken cancellationToken);

    /// <exception cref="Errors.ArgusException">RESOURCE_DOES_NOT_EXIST when there is no such token.</exception>
    Task<ApiToken> GetTokenAsync(long id, CancellationToken cancellationToken);

    /// <summary>The tokens of one user (null: of everyone), newest first.</summary>
    Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? userName, CancellationToken cancellationToken);

    /// <summary>Revokes a token; revoking it again changes nothing.</summary>
    /// <exception cref="Errors.ArgusException">RESOURCE_DOES_NOT_EXIST when there is no such token.</exception>
    Task RevokeTokenAsync(long id, string? actor, CancellationToken cancellationToken);

    /// <summary>Records that a token was used.</summary>
    Task TouchTokenAsync(long id, DateTimeOffset usedAt, CancellationToken cancellationToken);

    // ---------------------------------------------------------------- sessions

    /// <summary>Stores a sign-in session by the SHA-256 of its secret; expired sessions are removed on the way.</summary>
    Task CreateSessionAsync(string sessionHash, long userId, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>The user of the session with this hash if it has not expired at <paramref name="now"/>; else null.</summary>
    Task<AuthUser?> FindSessionUserAsync(string sessionHash, DateTimeOffset now, CancellationToken cancellationToken);

    Task DeleteSessionAsync(string sessionHash, CancellationToken cancellationToken);

    // ---------------------------------------------------------------- permissions

    /// <exception cref="Errors.ArgusException">
    /// RESOURCE_ALREADY_EXISTS when the user has a permission on the resource already; RESOURCE_DOES_NOT_EXIST when the
    /// user or the resource does not exist.
    /// </exception>
    Task<ResourcePermission> CreatePermissionAsync(ResourceKind kind, string resource, string userName, Permission permission, string? actor, CancellationToken cancellationToken);

    /// <exception cref="Errors.ArgusException">RESOURCE_DOES_NOT_EXIST when the user has no permission on the resource.</exception>
    Task<ResourcePermission> UpdatePermissionAsync(ResourceKind kind, string resource, string userName, Permission permission, string? actor, CancellationToken cancellationToken);

    /// <exception cref="Errors.ArgusException">RESOURCE_DOES_NOT_EXIST when the user has no permission on the resource.</exception>
    Task DeletePermissionAsync(ResourceKind kind, string resource, string userName, string? actor, CancellationToken cancellationToken);

    /// <summary>The user's permission on the resource, or null when none is granted.</summary>
    Task<ResourcePermission?> FindPermissionAsync(ResourceKind kind, string resource, string userName, CancellationToken cancellationToken);

    /// <summary>The permission explicitly granted to user <paramref name="userId"/> on the resource, or null.</summary>
    Task<Permission?> GetPermissionAsync(ResourceKind kind, string resource, long userId, CancellationToken cancellationToken);

    /// <summary>The experiment of a run and user <paramref name="userId"/>'s permission on it.</summary>
    /// <exception cref="Errors.ArgusException">RESOURCE_DOES_NOT_EXIST when there is no such run.</exception>
    Task<RunAccess> GetRunAccessAsync(string runId, long userId, CancellationToken cancellationToken);

    /// <summary>Every permission granted to the user, experiments first.</summary>
    Task<IReadOnlyList<ResourcePermission>> ListPermissionsAsync(string userName, CancellationToken cancellationToken);

    // ---------------------------------------------------------------- audit

    /// <summary>One page of the audit log, newest first.</summary>
    Task<Page<AuditEntry>> SearchAuditAsync(AuditQuery query, CancellationToken cancellationToken);
}
