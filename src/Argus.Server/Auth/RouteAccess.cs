namespace Argus.Server.Auth;

/// <summary>Who may call a route, before any resource is looked at.</summary>
internal enum RouteAccess
{
    /// <summary>Anyone, signed in or not (health, the UI's files, sign-in).</summary>
    Open,

    /// <summary>Anyone on a server bound to loopback only; a signed-in user otherwise (<c>/metrics</c>).</summary>
    Metrics,

    /// <summary>Any signed-in user; the handler may narrow what they see (searches).</summary>
    Authenticated,

    /// <summary>Administrators only.</summary>
    Admin,

    /// <summary>The user the request names, or an administrator.</summary>
    SelfOrAdmin,

    /// <summary>A permission on the experiment or registered model the request names.</summary>
    Resource,
}
