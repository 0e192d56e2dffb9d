using Argus.Core.Errors;
using Argus.Server.Hosting;

namespace Argus.Server.Auth;

/// <summary>
/// Authentication and authorization, after routing and before any handler: finds the route's rule in
/// <see cref="RoutePermissions"/>, lets open routes through, authenticates everyone else (401 without credentials),
/// refuses cookie-authenticated changes without the CSRF header and cross-site changes from browsers (403), then checks
/// the rule (403). A route missing from the table is refused.
/// </summary>
internal sealed class AuthMiddleware(RequestDelegate next, Authenticator authenticator, AccessControl access, ArgusServerOptions options, ILogger<AuthMiddleware> logger)
{
    private readonly bool _loopbackOnly = AuthOptions.IsLoopback(options.Host);

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var request = context.Request;
        var rule = RoutePermissions.Find(endpoint, request.Method)
            ?? throw new ArgusException(ErrorCode.PermissionDenied, $"{request.Method} {request.Path} is not in the server's permission table, so nobody may call it.");

        // A browser's request from another site may read open routes but change nothing, not even who is signed in.
        var changes = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
        if (changes && string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgusException(ErrorCode.PermissionDenied, "Requests from other sites may not change anything here.");
        }

        if (rule.Access == RouteAccess.Open || (rule.Access == RouteAccess.Metrics && _loopbackOnly))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var feature = await authenticator.AuthenticateAsync(context).ConfigureAwait(false)
            ?? throw new ArgusException(ErrorCode.Unauthenticated,
                "Authentication required: send HTTP basic credentials (MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD), " +
                "an API token as a bearer token (MLFLOW_TRACKING_TOKEN), or sign in.");
        context.Features.Set(feature);
        if (changes && feature.Kind == CredentialKind.Session && !Authenticator.HasCsrfToken(context, feature.SessionSecret!))
        {
            throw new ArgusException(ErrorCode.PermissionDenied, $"Missing or wrong CSRF token: send the session's token in the {Authenticator.CsrfHeader} header.");
        }

        if (!await rule.AllowsAsync(context, feature.User, access).ConfigureAwait(false))
        {
            AuthLog.Denied(logger, request.Method, request.Path, feature.User.Name, rule.Description);
            throw new ArgusException(ErrorCode.PermissionDenied, $"Permission denied: {request.Method} {request.Path} needs {rule.Description}.");
        }

        await next(context).ConfigureAwait(false);
    }
}
