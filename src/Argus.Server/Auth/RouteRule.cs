using Argus.Core.Auth;

namespace Argus.Server.Auth;

/// <summary>
/// What one route requires: an <see cref="RouteAccess"/>, and for resource routes the permission and how the request
/// names its resource (a query parameter, a body field, a run's experiment, an artifact path…).
/// </summary>
internal sealed class RouteRule
{
    private readonly Func<HttpContext, AuthUser, AccessControl, ValueTask<bool>>? _check;

    private RouteRule(RouteAccess access, Permission? required, string description, Func<HttpContext, AuthUser, AccessControl, ValueTask<bool>>? check)
    {
        Access = access;
        Required = required;
        Description = description;
        _check = check;
    }

    public static RouteRule Open { get; } = new(RouteAccess.Open, null, "nothing", null);

    public static RouteRule Metrics { get; } = new(RouteAccess.Metrics, null, "a signed-in user unless the server listens on loopback only", null);

    public static RouteRule Authenticated { get; } = new(RouteAccess.Authenticated, null, "a signed-in user", null);

    public static RouteRule Admin { get; } = new(RouteAccess.Admin, null, "an administrator", null);

    public RouteAccess Access { get; }

    /// <summary>The permission a resource route needs (its lowest, when the request decides).</summary>
    public Permission? Required { get; }

    /// <summary>What the route requires, in words (for logs and docs).</summary>
    public string Description { get; }

    /// <summary>The named user (null: the caller) or an administrator.</summary>
    public static RouteRule SelfOrAdmin(Func<HttpContext, ValueTask<string?>> userName) =>
        new(RouteAccess.SelfOrAdmin, null, "the user themselves or an administrator", async (context, user, _) =>
            user.IsAdmin || (await userName(context).ConfigureAwait(false)) is not { } named || string.Equals(named, user.Name, StringComparison.Ordinal));

    /// <summary><paramref name="required"/> on the experiment whose id the request gives.</summary>
    public static RouteRule Experiment(Permission required, Func<HttpContext, ValueTask<string>> experimentId) =>
        new(RouteAccess.Resource, required, $"{required.WireName()} on the experiment", async (context, user, access) =>
            (await access.OnExperimentAsync(user, await experimentId(context).ConfigureAwait(false), context.RequestAborted).ConfigureAwait(false)).Allows(required));

    /// <summary><paramref name="required"/> on the experiment of the run whose id the request gives.</summary>
    public static RouteRule Run(Permission required, Func<HttpContext, ValueTask<string>> runId) =>
        new(RouteAccess.Resource, required, $"{required.WireName()} on the run's experiment", async (context, user, access) =>
            (await access.OnRunAsync(user, await runId(context).ConfigureAwait(false), context.RequestAborted).ConfigureAwait(false)).Allows(required));

    /// <summary><paramref name="required"/> on the registered model whose name the request gives.</summary>
    public static RouteRule Model(Permission required, Func<HttpContext, ValueTask<string>> name) =>
        new(RouteAccess.Resource, required, $"{required.WireName()} on the registered model", async (context, user, access) =>
            (await access.OnModelAsync(user, await name(context).ConfigureAwait(false), context.RequestAborted).ConfigureAwait(false)).Allows(required));

    /// <summary>A resource rule decided by <paramref name="check"/>, needing at least <paramref name="required"/>.</summary>
    public static RouteRule Custom(Permission required, string description, Func<HttpContext, AuthUser, AccessControl, ValueTask<bool>> check) =>
        new(RouteAccess.Resource, required, description, check);

    /// <summary>Whether <paramref name="user"/> may call the route; a resource the request names that does not exist is RESOURCE_DOES_NOT_EXIST.</summary>
    public ValueTask<bool> AllowsAsync(HttpContext context, AuthUser user, AccessControl access) => Access switch
    {
        RouteAccess.Open or RouteAccess.Metrics or RouteAccess.Authenticated => ValueTask.FromResult(true),
        RouteAccess.Admin => ValueTask.FromResult(user.IsAdmin),
        _ => _check!(context, user, access),
    };
}
