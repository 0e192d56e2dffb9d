using Argus.Core.Auth;
using Argus.Core.Tracking.Http;

namespace Argus.Server.Auth;

/// <summary>What handlers ask about the caller: who they are (when authentication is on) and what searches may show them.</summary>
internal static class AuthContext
{
    /// <summary>The authenticated user, or null when authentication is off (or the route needs none).</summary>
    public static AuthUser? User(HttpContext context) => context.Features.Get<AuthFeature>()?.User;

    /// <summary>True when the server authenticates its callers.</summary>
    public static bool Enabled(HttpContext context) => context.RequestServices.GetService<AccessControl>() is not null;

    /// <summary>
    /// The name recorded as the author of a change: the authenticated user when authentication is on (a header cannot
    /// claim another); else what the <c>X-Argus-User</c> header (percent-encoded UTF-8) says, or null.
    /// </summary>
    public static string? Actor(HttpContext context)
    {
        if (Enabled(context))
        {
            return User(context)?.Name;
        }

        var header = context.Request.Headers[HttpTrackingStore.UserHeader];
        return header.Count == 0 || string.IsNullOrEmpty(header[0]) ? null : Uri.UnescapeDataString(header[0]!);
    }

    /// <summary>What a search may show the caller: null (everything) when authentication is off or for an administrator.</summary>
    public static ReadAccess? ReadFilter(HttpContext context) =>
        context.RequestServices.GetService<AccessControl>() is { } access && User(context) is { } user ? access.ReadFilter(user) : null;

    /// <summary>Gives the caller MANAGE on what they just created (nothing when authentication is off).</summary>
    public static Task GrantCreatorAsync(HttpContext context, ResourceKind kind, string resource) =>
        context.RequestServices.GetService<AccessControl>() is { } access && User(context) is { } user
            ? access.GrantCreatorAsync(user, kind, resource, context.RequestAborted)
            : Task.CompletedTask;

    /// <summary>The experiment ids the caller may read (all of them when authentication is off).</summary>
    public static async Task<IReadOnlyList<string>> ReadableExperimentsAsync(HttpContext context, IReadOnlyList<string> experimentIds) =>
        context.RequestServices.GetService<AccessControl>() is { } access && User(context) is { } user
            ? await access.ReadableExperimentsAsync(user, experimentIds, context.RequestAborted).ConfigureAwait(false)
            : experimentIds;
}
