using System.Globalization;
using Argus.Core.Auth;
using Argus.Core.Auth.Rest;
using Argus.Core.Errors;
using Argus.Core.Tracking.Rest;

namespace Argus.Core.Tracking.Http;

/// <summary>
/// User administration through a server's REST API: MLflow's auth routes (<c>users/…</c>,
/// <c>experiments/permissions/…</c>, <c>registered-models/permissions/…</c>) and Argus's (<c>users/list</c>,
/// <c>tokens/…</c>, <c>audit/list</c>). The server decides what the caller may do.
/// </summary>
public sealed partial class HttpTrackingStore : IUserAdministration
{
    private const string ArgusApi = "api/2.0/argus/";

    public async Task<AuthUser> CreateUserAsync(string userName, string password, bool isAdmin, CancellationToken cancellationToken)
    {
        var response = await AuthSendAsync<UserPasswordRequest, UserResponse>(HttpMethod.Post, Api + "users/create", new(userName, password), cancellationToken).ConfigureAwait(false);
        if (isAdmin)
        {
            await SetAdminAsync(userName, true, cancellationToken).ConfigureAwait(false);
        }

        return ToUser(response.User) with { IsAdmin = isAdmin };
    }

    public async Task<UserDetails> GetUserAsync(string userName, CancellationToken cancellationToken)
    {
        var response = await GetAsync(Api + "users/get", [new("username", userName)], AuthJson.Info<UserResponse>(), cancellationToken).ConfigureAwait(false);
        var user = ToUser(response.User);
        var permissions = new List<ResourcePermission>();
        permissions.AddRange((response.User?.ExperimentPermissions ?? []).Select(p =>
            new ResourcePermission(ResourceKind.Experiment, p.ExperimentId ?? string.Empty, user.Name, p.UserId ?? user.Id, Permissions.Parse(p.Permission))));
        permissions.AddRange((response.User?.RegisteredModelPermissions ?? []).Select(p =>
            new ResourcePermission(ResourceKind.RegisteredModel, p.Name ?? string.Empty, user.Name, p.UserId ?? user.Id, Permissions.Parse(p.Permission))));
        return new UserDetails(user, permissions);
    }

    public async Task<IReadOnlyList<AuthUser>> ListUsersAsync(CancellationToken cancellationToken)
    {
        var response = await GetAsync(ArgusApi + "users/list", [], AuthJson.Info<UsersResponse>(), cancellationToken).ConfigureAwait(false);
        return (response.Users ?? []).Select(ToUser).ToList();
    }

    public Task SetPasswordAsync(string userName, string password, CancellationToken cancellationToken) =>
        AuthSendAsync<UserPasswordRequest, EmptyResponse>(HttpMethod.Patch, Api + "users/update-password", new(userName, password), cancellationToken);

    public Task SetAdminAsync(string userName, bool isAdmin, CancellationToken cancellationToken) =>
        AuthSendAsync<UserAdminRequest, EmptyResponse>(HttpMethod.Patch, Api + "users/update-admin", new(userName, isAdmin), cancellationToken);

    public Task DeleteUserAsync(string userName, CancellationToken cancellationToken) =>
        AuthSendAsync<UsernameRequest, EmptyResponse>(HttpMethod.Delete, Api + "users/delete", new(userName), cancellationToken);

    public async Task<CreatedToken> CreateTokenAsync(string? userName, string name, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var response = await AuthSendAsync<CreateTokenRequest, CreateTokenResponse>(
            HttpMethod.Post, ArgusApi + "tokens/create", new(name, userName, expiresAt?.ToUnixTimeMilliseconds()), cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(response.Token) || response.TokenInfo is null)
        {
            throw new ArgusException(ErrorCode.InternalError, $"The tracking server at {DisplayUri} sent no token.");
        }

        return new CreatedToken(response.TokenInfo.ToToken(), response.Token);
    }

    public async Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? userName, CancellationToken cancellationToken)
    {
        List<KeyValuePair<string, string>> query = userName is null ? [] : [new("username", userName)];
        var response = await GetAsync(ArgusApi + "tokens/list", query, AuthJson.Info<TokensResponse>(), cancellationToken).ConfigureAwait(false);
        return (response.Tokens ?? []).Select(t => t.ToToken()).ToList();
    }

    public Task RevokeTokenAsync(long id, CancellationToken cancellationToken) =>
        AuthSendAsync<TokenIdRequest, EmptyResponse>(HttpMethod.Post, ArgusApi + "tokens/revoke", new(id), cancellationToken);

    public async Task<ResourcePermission> GrantAsync(ResourceKind kind, string resource, string userName, Permission permission, CancellationToken cancellationToken)
    {
        try
        {
            return await SendPermissionAsync(kind, "create", HttpMethod.Post, resource, userName, permission, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgusException e) when (e.Code == ErrorCode.ResourceAlreadyExists)
        {
            await SendPermissionAsync(kind, "update", HttpMethod.Patch, resource, userName, permission, cancellationToken).ConfigureAwait(false);
            return new ResourcePermission(kind, resource, userName, 0, permission);
        }
    }

    public async Task RevokeAsync(ResourceKind kind, string resource, string userName, CancellationToken cancellationToken) =>
        await SendPermissionAsync(kind, "delete", HttpMethod.Delete, resource, userName, null, cancellationToken).ConfigureAwait(false);

    public async Task<Page<AuditEntry>> SearchAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new List<KeyValuePair<string, string>>();
        Add(parameters, "action", query.Action);
        Add(parameters, "actor", query.Actor);
        Add(parameters, "max_results", query.MaxResults?.ToString(CultureInfo.InvariantCulture));
        Add(parameters, "page_token", query.PageToken);
        var response = await GetAsync(ArgusApi + "audit/list", parameters, AuthJson.Info<AuditResponse>(), cancellationToken).ConfigureAwait(false);
        return new Page<AuditEntry>((response.Entries ?? []).Select(e => e.ToEntry()).ToList(), NullIfEmpty(response.NextPageToken));
    }

    private async Task<ResourcePermission> SendPermissionAsync(
        ResourceKind kind, string operation, HttpMethod method, string resource, string userName, Permission? permission, CancellationToken cancellationToken)
    {
        var wire = permission?.WireName();
        if (kind == ResourceKind.Experiment)
        {
            var reply = await AuthSendAsync<ExperimentPermissionRequest, ExperimentPermissionResponse>(
                method, Api + "experiments/permissions/" + operation, new(resource, userName, wire), cancellationToken).ConfigureAwait(false);
            return new ResourcePermission(kind, resource, userName, reply.ExperimentPermission?.UserId ?? 0, permission ?? Permission.NoPermissions);
        }

        var model = await AuthSendAsync<RegisteredModelPermissionRequest, RegisteredModelPermissionResponse>(
            method, Api + "registered-models/permissions/" + operation, new(resource, userName, wire), cancellationToken).ConfigureAwait(false);
        return new ResourcePermission(kind, resource, userName, model.RegisteredModelPermission?.UserId ?? 0, permission ?? Permission.NoPermissions);
    }

    private Task<TResponse> AuthSendAsync<TRequest, TResponse>(HttpMethod method, string pathFromRoot, TRequest body, CancellationToken cancellationToken) =>
        SendBodyAsync(method, pathFromRoot, AuthJson.SerializeToUtf8Bytes(body), AuthJson.Info<TResponse>(), cancellationToken);

    private static AuthUser ToUser(UserMessage? user) => user is null
        ? throw new ArgusException(ErrorCode.InternalError, "The tracking server sent no user.")
        : new AuthUser(user.Id ?? 0, user.Username ?? string.Empty, user.IsAdmin ?? false, DateTimeOffset.FromUnixTimeMilliseconds(user.CreationTime ?? 0));

    private static void Add(List<KeyValuePair<string, string>> query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Add(new(name, value));
        }
    }
}
