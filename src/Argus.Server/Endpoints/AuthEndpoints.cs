using System.Globalization;
using System.Text.Json;
using Argus.Core.Auth;
using Argus.Core.Auth.Rest;
using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Rest;
using Argus.Server.Auth;
using Argus.Server.Hosting;

namespace Argus.Server.Endpoints;

/// <summary>
/// Users, permissions and sign-in. MLflow's auth REST API under <c>/api/2.0/mlflow</c> and <c>/ajax-api/2.0/mlflow</c>
/// (<c>users/create|get|update-password|update-admin|delete</c>, <c>experiments/permissions/…</c>,
/// <c>registered-models/permissions/…</c>), and Argus's under <c>/api/2.0/argus</c> and <c>/ajax-api/2.0/argus</c>:
/// <c>auth/login|logout|me</c> for the UI, <c>users/list</c>, <c>tokens/create|list|revoke</c> and <c>audit/list</c>.
/// Who may call each is in <see cref="RoutePermissions"/>; changes are made as the signed-in user.
/// </summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in TrackingEndpoints.Prefixes)
        {
            var api = app.MapGroup(prefix);
            api.MapPost("/users/create", CreateUser);
            api.MapGet("/users/get", GetUser);
            api.MapPatch("/users/update-password", UpdatePassword);
            api.MapPatch("/users/update-admin", UpdateAdmin);
            api.MapDelete("/users/delete", DeleteUser);
            api.MapPost("/experiments/permissions/create", CreateExperimentPermission);
            api.MapGet("/experiments/permissions/get", GetExperimentPermission);
            api.MapPatch("/experiments/permissions/update", UpdateExperimentPermission);
            api.MapDelete("/experiments/permissions/delete", DeleteExperimentPermission);
            api.MapPost("/registered-models/permissions/create", CreateModelPermission);
            api.MapGet("/registered-models/permissions/get", GetModelPermission);
            api.MapPatch("/registered-models/permissions/update", UpdateModelPermission);
            api.MapDelete("/registered-models/permissions/delete", DeleteModelPermission);
        }

        foreach (var prefix in RegistryEndpoints.ArgusPrefixes)
        {
            var argus = app.MapGroup(prefix);
            argus.MapPost("/auth/login", Login);
            argus.MapPost("/auth/logout", Logout);
            argus.MapGet("/auth/me", Me);
            argus.MapGet("/users/list", ListUsers);
            argus.MapPost("/tokens/create", CreateToken);
            argus.MapGet("/tokens/list", ListTokens);
            argus.MapPost("/tokens/revoke", RevokeToken);
            argus.MapGet("/audit/list", ListAudit);
        }

        return app;
    }

    private static IAuthStore Store(HttpContext context) => AuthStores.For(context.RequestServices.GetRequiredService<ITrackingStore>());

    /// <summary>User administration acting as the caller.</summary>
    private static UserAdministration Administration(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<ArgusServerOptions>().Auth;
        return new UserAdministration(Store(context), AuthContext.Actor(context), options.TimeProvider, options.PasswordIterations);
    }

    private static CancellationToken Aborted(HttpContext context) => context.RequestAborted;

    // ---------------------------------------------------------------- sign-in

    private static async Task Login(HttpContext context)
    {
        var authenticator = context.RequestServices.GetService<Authenticator>()
            ?? throw ArgusException.InvalidParameter("Authentication is off on this server: there is nothing to sign in to.");
        var request = await BodyAsync<LoginRequest>(context).ConfigureAwait(false);
        var userName = ApiRequest.Required(request.Username, "username");
        var user = await authenticator.VerifyPasswordAsync(userName, request.Password ?? string.Empty, context, "login").ConfigureAwait(false);
        var csrf = await authenticator.SignInAsync(context, user).ConfigureAwait(false);
        await ReplyAsync(context, new SessionResponse(true, UserMessage.From(user), csrf)).ConfigureAwait(false);
    }

    private static async Task Logout(HttpContext context)
    {
        if (context.RequestServices.GetService<Authenticator>() is { } authenticator)
        {
            await authenticator.SignOutAsync(context).ConfigureAwait(false);
        }

        await ReplyAsync(context, EmptyResponse.Instance).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether sign-in is required, who is signed in (nobody, rather than 401, when the request's credentials are missing,
    /// wrong or expired: the UI asks this first and shows its login page), and the CSRF token of a browser session.
    /// </summary>
    private static async Task Me(HttpContext context)
    {
        if (context.RequestServices.GetService<Authenticator>() is not { } authenticator)
        {
            await ReplyAsync(context, new SessionResponse(false)).ConfigureAwait(false);
            return;
        }

        AuthFeature? feature;
        try
        {
            feature = await authenticator.AuthenticateAsync(context).ConfigureAwait(false);
        }
        catch (ArgusException e) when (e.Code == ErrorCode.Unauthenticated)
        {
            feature = null;
        }

        var csrf = feature?.SessionSecret is { } secret ? Authenticator.CsrfToken(secret) : null;
        await ReplyAsync(context, new SessionResponse(true, feature is null ? null : UserMessage.From(feature.User), csrf)).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- users

    private static async Task CreateUser(HttpContext context)
    {
        var request = await BodyAsync<UserPasswordRequest>(context).ConfigureAwait(false);
        var user = await Administration(context).CreateUserAsync(
            ApiRequest.Required(request.Username, "username"), request.Password ?? string.Empty, isAdmin: false, Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new UserResponse(UserMessage.From(user, []))).ConfigureAwait(false);
    }

    private static async Task GetUser(HttpContext context)
    {
        var details = await Administration(context).GetUserAsync(ApiRequest.QueryRequired(context, "username"), Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new UserResponse(UserMessage.From(details.User, details.Permissions))).ConfigureAwait(false);
    }

    private static async Task ListUsers(HttpContext context)
    {
        var users = await Administration(context).ListUsersAsync(Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new UsersResponse(users.Select(u => UserMessage.From(u)).ToList())).ConfigureAwait(false);
    }

    private static async Task UpdatePassword(HttpContext context)
    {
        var request = await BodyAsync<UserPasswordRequest>(context).ConfigureAwait(false);
        await Administration(context).SetPasswordAsync(ApiRequest.Required(request.Username, "username"), request.Password ?? string.Empty, Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, EmptyResponse.Instance).ConfigureAwait(false);
    }

    private static async Task UpdateAdmin(HttpContext context)
    {
        var request = await BodyAsync<UserAdminRequest>(context).ConfigureAwait(false);
        await Administration(context).SetAdminAsync(
            ApiRequest.Required(request.Username, "username"), request.IsAdmin ?? throw ArgusException.MissingParameter("is_admin"), Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, EmptyResponse.Instance).ConfigureAwait(false);
    }

    private static async Task DeleteUser(HttpContext context)
    {
        var request = await BodyAsync<UsernameRequest>(context).ConfigureAwait(false);
        await Administration(context).DeleteUserAsync(ApiRequest.Required(request.Username, "username"), Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, EmptyResponse.Instance).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- permissions

    private static async Task CreateExperimentPermission(HttpContext context)
    {
        var request = await BodyAsync<ExperimentPermissionRequest>(context).ConfigureAwait(false);
        var created = await Store(context).CreatePermissionAsync(
            ResourceKind.Experiment, ApiRequest.Required(request.ExperimentId, "experiment_id"), ApiRequest.Required(request.Username, "username"),
            Permissions.Parse(ApiRequest.Required(request.Permission, "permission")), AuthContext.Actor(context), Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new ExperimentPermissionResponse(ExperimentPermissionMessage.From(created))).ConfigureAwait(false);
    }

    private static async Task GetExperimentPermission(HttpContext context)
    {
        var (experimentId, userName) = (ApiRequest.QueryRequired(context, "experiment_id"), ApiRequest.QueryRequired(context, "username"));
        var found = await Store(context).FindPermissionAsync(ResourceKind.Experiment, experimentId, userName, Aborted(context)).ConfigureAwait(false)
            ?? throw ArgusException.NotFound($"User '{userName}' has no permission on experiment/{experimentId}.");
        await ReplyAsync(context, new ExperimentPermissionResponse(ExperimentPermissionMessage.From(found))).ConfigureAwait(false);
    }

    private static async Task UpdateExperimentPermission(HttpContext context)
    {
        var request = await BodyAsync<ExperimentPermissionRequest>(context).ConfigureAwait(false);
        await Store(context).UpdatePermissionAsync(
            ResourceKind.Experiment, ApiRequest.Required(request.ExperimentId, "experiment_id"), ApiRequest.Required(request.Username, "username"),
            Permissions.Parse(ApiRequest.Required(request.Permission, "permission")), AuthContext.Actor(context), Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, EmptyResponse.Instance).ConfigureAwait(false);
    }

    private static async Task DeleteExperimentPermission(HttpContext context)
    {
        var request = await BodyAsync<ExperimentPermissionRequest>(context).ConfigureAwait(false);
        await Store(context).DeletePermissionAsync(
            ResourceKind.Experiment, ApiRequest.Required(request.ExperimentId, "experiment_id"), ApiRequest.Required(request.Username, "username"),
            AuthContext.Actor(context), Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, EmptyResponse.Instance).ConfigureAwait(false);
    }

    private static async Task CreateModelPermission(HttpContext context)
    {
        var request = await BodyAsync<RegisteredModelPermissionRequest>(context).ConfigureAwait(false);
        var created = await Store(context).CreatePermissionAsync(
            ResourceKind.RegisteredModel, ApiRequest.Required(request.Name, "name"), ApiRequest.Required(request.Username, "username"),
            Permissions.Parse(ApiRequest.Required(request.Permission, "permission")), AuthContext.Actor(context), Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new RegisteredModelPermissionResponse(RegisteredModelPermissionMessage.From(created))).ConfigureAwait(false);
    }

    private static async Task GetModelPermission(HttpContext context)
    {
        var (name, userName) = (ApiRequest.QueryRequired(context, "name"), ApiRequest.QueryRequired(context, "username"));
        var found = await Store(context).FindPermissionAsync(ResourceKind.RegisteredModel, name, userName, Aborted(context)).ConfigureAwait(false)
            ?? throw ArgusException.NotFound($"User '{userName}' has no permission on registered_model/{name}.");
        await ReplyAsync(context, new RegisteredModelPermissionResponse(RegisteredModelPermissionMessage.From(found))).ConfigureAwait(false);
    }

    private static async Task UpdateModelPermission(HttpContext context)
    {
        var request = await BodyAsync<RegisteredModelPermissionRequest>(context).ConfigureAwait(false);
        await Store(context).UpdatePermissionAsync(
            ResourceKind.RegisteredModel, ApiRequest.Required(request.Name, "name"), ApiRequest.Required(request.Username, "username"),
            Permissions.Parse(ApiRequest.Required(request.Permission, "permission")), AuthContext.Actor(context), Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, EmptyResponse.Instance).ConfigureAwait(false);
    }

    private static async Task DeleteModelPermission(HttpContext context)
    {
        var request = await BodyAsync<RegisteredModelPermissionRequest>(context).ConfigureAwait(false);
        await Store(context).DeletePermissionAsync(
            ResourceKind.RegisteredModel, ApiRequest.Required(request.Name, "name"), ApiRequest.Required(request.Username, "username"),
            AuthContext.Actor(context), Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, EmptyResponse.Instance).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- tokens

    /// <summary>A token for the caller, or (administrators) for the user named; the secret is in this reply only.</summary>
    private static async Task CreateToken(HttpContext context)
    {
        var request = await BodyAsync<CreateTokenRequest>(context).ConfigureAwait(false);
        var owner = string.IsNullOrEmpty(request.Username) ? AuthContext.User(context)?.Name : request.Username;
        var expires = request.ExpirationTime is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        var created = await Administration(context).CreateTokenAsync(
            owner ?? throw ArgusException.MissingParameter("username"), ApiRequest.Required(request.Name, "name"), expires, Aborted(context)).ConfigureAwait(false);
        context.Response.Headers.CacheControl = "no-store";
        await ReplyAsync(context, new CreateTokenResponse(created.Secret, TokenMessage.From(created.Token))).ConfigureAwait(false);
    }

    /// <summary>The tokens of the user named, else the caller's (everyone's when authentication is off).</summary>
    private static async Task ListTokens(HttpContext context)
    {
        var named = ApiRequest.Query(context, "username");
        var owner = string.IsNullOrEmpty(named) ? AuthContext.User(context)?.Name : named;
        var tokens = await Administration(context).ListTokensAsync(owner, Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new TokensResponse(tokens.Select(TokenMessage.From).ToList())).ConfigureAwait(false);
    }

    /// <summary>Revokes one of the caller's tokens (an administrator: anyone's).</summary>
    private static async Task RevokeToken(HttpContext context)
    {
        var request = await BodyAsync<TokenIdRequest>(context).ConfigureAwait(false);
        var id = request.Id ?? throw ArgusException.MissingParameter("id");
        if (AuthContext.User(context) is { IsAdmin: false } user
            && !string.Equals((await Store(context).GetTokenAsync(id, Aborted(context)).ConfigureAwait(false)).UserName, user.Name, StringComparison.Ordinal))
        {
            throw new ArgusException(ErrorCode.PermissionDenied, string.Create(CultureInfo.InvariantCulture, $"Token {id} is not yours to revoke."));
        }

        await Administration(context).RevokeTokenAsync(id, Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, EmptyResponse.Instance).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- audit

    /// <summary><c>GET audit/list?action=A&amp;actor=U&amp;max_results=N&amp;page_token=T</c>, newest first.</summary>
    private static async Task ListAudit(HttpContext context)
    {
        var page = await Administration(context).SearchAuditAsync(new AuditQuery
        {
            Action = ApiRequest.Query(context, "action"),
            Actor = ApiRequest.Query(context, "actor"),
            MaxResults = ApiRequest.QueryInt(context, "max_results"),
            PageToken = ApiRequest.Query(context, "page_token"),
        }, Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new AuditResponse(page.Items.Select(AuditEntryMessage.From).ToList(), page.NextPageToken)).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- request and reply

    private static async Task ReplyAsync<T>(HttpContext context, T value)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.BodyWriter, value, AuthJson.Info<T>(), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// The JSON body, read once (the permission check may have read it): a POST must say <c>application/json</c>;
    /// PATCH and DELETE carry JSON as MLflow's auth client sends it; an empty body is <c>{}</c>.
    /// </summary>
    internal static Task<T> BodyAsync<T>(HttpContext context)
        where T : class => RequestBodies.ReadOnceAsync(context, static async c =>
        {
            if (HttpMethods.IsPost(c.Request.Method))
            {
                ApiRequest.RequireJsonContentType(c.Request);
            }

            var limit = c.RequestServices.GetRequiredService<ArgusServerOptions>().MaxJsonBodyBytes;
            using var body = await ApiRequest.ReadBodyAsync(c, limit).ConfigureAwait(false);
            var bytes = body.Span.TrimStart(" \t\r\n"u8);
            return ApiRequest.Parse(bytes.IsEmpty ? "{}"u8 : bytes, AuthJson.Info<T>());
        });
}
