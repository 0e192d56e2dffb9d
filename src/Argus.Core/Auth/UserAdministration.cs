using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Http;

namespace Argus.Core.Auth;

/// <summary>
/// User administration over an <see cref="IAuthStore"/>: validates names and passwords, hashes passwords, makes token
/// secrets, and records <paramref name="actor"/> as the author of each change. The server acts as the signed-in user;
/// the command line over a database acts as the operating-system user.
/// </summary>
public sealed class UserAdministration(IAuthStore store, string? actor, TimeProvider clock, int passwordIterations = PasswordHasher.DefaultIterations) : IUserAdministration
{
    /// <summary>The administration of the store a tracking URI opened: the database directly, or the server's REST API.</summary>
    public static IUserAdministration For(ITrackingStore store, string? actor = null) => store switch
    {
        HttpTrackingStore http => http,
        IAuthStore auth => new UserAdministration(auth, actor ?? Environment.UserName, TimeProvider.System),
        _ => throw new ArgusException(ErrorCode.NotImplemented, $"The tracking store at {store.DisplayUri} keeps no users."),
    };

    public async Task<AuthUser> CreateUserAsync(string userName, string password, bool isAdmin, CancellationToken cancellationToken)
    {
        AuthValidator.UserName(userName);
        AuthValidator.Password(password);
        return await store.CreateUserAsync(userName, PasswordHasher.Hash(password, passwordIterations), isAdmin, actor, cancellationToken).ConfigureAwait(false);
    }

    public async Task<UserDetails> GetUserAsync(string userName, CancellationToken cancellationToken)
    {
        AuthValidator.UserName(userName);
        var user = await store.FindUserAsync(userName, cancellationToken).ConfigureAwait(false)
            ?? throw ArgusException.NotFound($"User with username={userName} not found");
        return new UserDetails(user, await store.ListPermissionsAsync(userName, cancellationToken).ConfigureAwait(false));
    }

    public Task<IReadOnlyList<AuthUser>> ListUsersAsync(CancellationToken cancellationToken) => store.ListUsersAsync(cancellationToken);

    public Task SetPasswordAsync(string userName, string password, CancellationToken cancellationToken)
    {
        AuthValidator.UserName(userName);
        AuthValidator.Password(password);
        return store.SetPasswordHashAsync(userName, PasswordHasher.Hash(password, passwordIterations), actor, cancellationToken);
    }

    public Task SetAdminAsync(string userName, bool isAdmin, CancellationToken cancellationToken)
    {
        AuthValidator.UserName(userName);
        return store.SetAdminAsync(userName, isAdmin, actor, cancellationToken);
    }

    public Task DeleteUserAsync(string userName, CancellationToken cancellationToken)
    {
        AuthValidator.UserName(userName);
        return store.DeleteUserAsync(userName, actor, cancellationToken);
    }

    public async Task<CreatedToken> CreateTokenAsync(string? userName, string name, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var owner = userName ?? actor ?? throw ArgusException.MissingParameter("username");
        AuthValidator.UserName(owner);
        AuthValidator.TokenName(name);
        if (expiresAt is { } expires && expires <= clock.GetUtcNow())
        {
            throw ArgusException.InvalidParameter("A token's expiry must be in the future.");
        }

        var secret = Secrets.NewToken();
        var token = await store.CreateTokenAsync(owner, name, Secrets.Sha256(secret), expiresAt, actor, cancellationToken).ConfigureAwait(false);
        return new CreatedToken(token, secret);
    }

    public Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? userName, CancellationToken cancellationToken) => store.ListTokensAsync(userName, cancellationToken);

    public Task RevokeTokenAsync(long id, CancellationToken cancellationToken) => store.RevokeTokenAsync(id, actor, cancellationToken);

    public async Task<ResourcePermission> GrantAsync(ResourceKind kind, string resource, string userName, Permission permission, CancellationToken cancellationToken)
    {
        AuthValidator.UserName(userName);
        return await store.FindPermissionAsync(kind, resource, userName, cancellationToken).ConfigureAwait(false) is null
            ? await store.CreatePermissionAsync(kind, resource, userName, permission, actor, cancellationToken).ConfigureAwait(false)
            : await store.UpdatePermissionAsync(kind, resource, userName, permission, actor, cancellationToken).ConfigureAwait(false);
    }

    public Task RevokeAsync(ResourceKind kind, string resource, string userName, CancellationToken cancellationToken)
    {
        AuthValidator.UserName(userName);
        return store.DeletePermissionAsync(kind, resource, userName, actor, cancellationToken);
    }

    public Task<Page<AuditEntry>> SearchAuditAsync(AuditQuery query, CancellationToken cancellationToken) => store.SearchAuditAsync(query, cancellationToken);
}
