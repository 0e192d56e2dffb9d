using System.Net;
using Argus.Core.Auth;
using Argus.Core.Errors;

namespace Argus.Server.Auth;

/// <summary>
/// Whether and how <c>argus server</c> authenticates its callers and checks their permissions. Off by default for a
/// server on a loopback address; a server on any other address refuses to start without it unless
/// <see cref="InsecureNoAuth"/> says so.
/// </summary>
public sealed record AuthOptions
{
    /// <summary>The environment variable whose value becomes the first administrator's password.</summary>
    public const string AdminPasswordVariable = "ARGUS_ADMIN_PASSWORD";

    /// <summary>The first administrator's user name.</summary>
    public const string AdminUserName = "admin";

    /// <summary>Require authentication and check permissions (<c>--auth</c>).</summary>
    public bool Enabled { get; init; }

    /// <summary>Allow listening on a non-loopback address without authentication (<c>--insecure-no-auth</c>).</summary>
    public bool InsecureNoAuth { get; init; }

    /// <summary>What a user may do with a resource on which they have no explicit permission (<c>--default-permission</c>).</summary>
    /// <value>READ, as in MLflow.</value>
    public Permission DefaultPermission { get; init; } = Permission.Read;

    /// <summary>The password of the first administrator, created when there is no user; null: <c>$ARGUS_ADMIN_PASSWORD</c>, else a random one printed once.</summary>
    public string? AdminPassword { get; init; }

    /// <summary>Where a generated administrator password is printed; null: standard output (never the log).</summary>
    public TextWriter? BootstrapOutput { get; init; }

    /// <summary>How long a browser session lasts after sign-in.</summary>
    /// <value>12 hours.</value>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Failed sign-ins allowed per user name within <see cref="LoginWindow"/>; more answer 429.</summary>
    /// <value>10.</value>
    public int MaxFailedLoginsPerUser { get; init; } = 10;

    /// <summary>Failed sign-ins allowed per client address within <see cref="LoginWindow"/>; more answer 429.</summary>
    /// <value>30.</value>
    public int MaxFailedLoginsPerAddress { get; init; } = 30;

    /// <value>5 minutes.</value>
    public TimeSpan LoginWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a verified basic-auth password is remembered in memory, so clients that send it on every request stay fast.</summary>
    /// <value>5 minutes.</value>
    public TimeSpan CredentialCacheDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>PBKDF2 iterations for new password hashes (stored with each hash).</summary>
    /// <value>600,000.</value>
    public int PasswordIterations { get; init; } = PasswordHasher.DefaultIterations;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>True for 127.0.0.0/8, ::1 and <c>localhost</c>.</summary>
    public static bool IsLoopback(string host)
    {
        var bare = host.Trim().TrimStart('[').TrimEnd(']');
        return string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>Checks the options against the address the server listens on; every problem is reported at once.</summary>
    public void Validate(string host)
    {
        var problems = new List<string>();
        if (!Enabled && !InsecureNoAuth && !IsLoopback(host))
        {
            problems.Add($"Refusing to listen on {host} without authentication: anyone who can reach it could read and change everything. " +
                         "Start with --auth (see docs/security.md), or with --insecure-no-auth if something in front of the server authenticates.");
        }

        if (Enabled && InsecureNoAuth)
        {
            problems.Add("--auth and --insecure-no-auth contradict each other: give one.");
        }

        if (SessionLifetime <= TimeSpan.Zero)
        {
            problems.Add("The session lifetime must be positive.");
        }

        if (MaxFailedLoginsPerUser < 1 || MaxFailedLoginsPerAddress < 1 || LoginWindow <= TimeSpan.Zero)
        {
            problems.Add("Login rate limits must allow at least one attempt in a positive window.");
        }

        if (PasswordIterations < PasswordHasher.MinimumIterations)
        {
            problems.Add($"Password hashes need at least {PasswordHasher.MinimumIterations:N0} PBKDF2 iterations.");
        }

        if (problems.Count > 0)
        {
            throw ArgusException.InvalidParameter(string.Join(" ", problems));
        }
    }
}
