using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Argus.Core.Auth;
using Argus.Core.Errors;

namespace Argus.Server.Auth;

/// <summary>
/// Who a request is from: HTTP basic (a user name with a password, or with an API token as the password), a bearer
/// API token, or the UI's session cookie, in that order of precedence (a request with an Authorization header is never
/// judged by its cookie). Wrong credentials are UNAUTHENTICATED; password checks are rate limited
/// (<see cref="LoginThrottle"/>) and cached (<see cref="CredentialCache"/>). Sessions live in the database, so every
/// replica knows them; the CSRF token of a session is derived from its secret and compared in constant time.
/// </summary>
internal sealed class Authenticator(IAuthStore store, AuthOptions options, LoginThrottle throttle, CredentialCache cache, ILogger<Authenticator> logger)
{
    /// <summary>The UI's session cookie.</summary>
    public const string SessionCookie = "argus_session";

    /// <summary>The header that must carry the session's CSRF token on every change made with the session cookie.</summary>
    public const string CsrfHeader = "X-Argus-CSRF";

    private static readonly byte[] CsrfLabel = "argus-csrf-v1"u8.ToArray();

    // Verified against when the user does not exist, so an unknown name takes as long as a wrong password.
    private readonly Lazy<string> _decoyHash = new(() => PasswordHasher.Hash(Secrets.NewSecret(), options.PasswordIterations));

    /// <summary>The request's user, or null when it carries no credentials.</summary>
    /// <exception cref="ArgusException">UNAUTHENTICATED for wrong, expired or revoked credentials; REQUEST_LIMIT_EXCEEDED when throttled.</exception>
    public async Task<AuthFeature?> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization;
        if (header.Count > 0)
        {
            if (!AuthenticationHeaderValue.TryParse(header.ToString(), out var value) || string.IsNullOrEmpty(value.Parameter))
            {
                throw Invalid();
            }

            if (string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
            {
                return await BasicAsync(context, value.Parameter).ConfigureAwait(false);
            }

            if (string.Equals(value.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
            {
                return new AuthFeature(await TokenAsync(context, null, value.Parameter).ConfigureAwait(false), CredentialKind.Token, null);
            }

            throw Invalid();
        }

        if (context.Request.Cookies.TryGetValue(SessionCookie, out var secret) && !string.IsNullOrEmpty(secret))
        {
            var user = await store.FindSessionUserAsync(Secrets.Sha256(secret), options.TimeProvider.GetUtcNow(), context.RequestAborted).ConfigureAwait(false)
                ?? throw new ArgusException(ErrorCode.Unauthenticated, "Your session has expired: sign in again.");
            return new AuthFeature(user, CredentialKind.Session, secret);
        }

        return null;
    }

    /// <summary>
    /// Checks a user name and password (the login form, HTTP basic), rate limited per user and client address. A pair
    /// verified within the cache duration passes without counting against the limit, so a client that already proved
    /// its password keeps working while someone else guesses at the same user name.
    /// </summary>
    public async Task<AuthUser> VerifyPasswordAsync(string userName, string password, HttpContext context, string how)
    {
        var address = Address(context);
        var credentials = await store.FindCredentialsAsync(userName, context.RequestAborted).ConfigureAwait(false);
        if (credentials is not null && cache.Verified(userName, password, credentials.PasswordHash))
        {
            return credentials.User;
        }

        throttle.ThrowIfLimited(userName, address);
        var verified = PasswordHasher.Verify(password, credentials?.PasswordHash ?? _decoyHash.Value) && credentials is not null;
        if (!verified)
        {
            throttle.RecordFailure(userName, address);
            AuthLog.SignInFailed(logger, userName, address, how);
            throw Invalid();
        }

        cache.Remember(userName, password, credentials!.PasswordHash);
        return credentials.User;
    }

    /// <summary>Starts a browser session for <paramref name="user"/>: stores it, sets the cookie, and returns its CSRF token.</summary>
    public async Task<string> SignInAsync(HttpContext context, AuthUser user)
    {
        var secret = Secrets.NewSecret();
        var expires = options.TimeProvider.GetUtcNow() + options.SessionLifetime;
        await store.CreateSessionAsync(Secrets.Sha256(secret), user.Id, expires, context.RequestAborted).ConfigureAwait(false);
        context.Response.Cookies.Append(SessionCookie, secret, CookieOptions(context, expires));
        AuthLog.SignedIn(logger, user.Name, Address(context));
        return CsrfToken(secret);
    }

    /// <summary>Ends the request's session, if it has one, and clears the cookie.</summary>
    public async Task SignOutAsync(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(SessionCookie, out var secret) && !string.IsNullOrEmpty(secret))
        {
            await store.DeleteSessionAsync(Secrets.Sha256(secret), context.RequestAborted).ConfigureAwait(false);
        }

        context.Response.Cookies.Delete(SessionCookie, CookieOptions(context, null));
    }

    /// <summary>The CSRF token of a session: an HMAC of a fixed label under the session's secret.</summary>
    public static string CsrfToken(string sessionSecret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(sessionSecret), CsrfLabel)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>True when the request carries the session's CSRF token (compared in constant time).</summary>
    public static bool HasCsrfToken(HttpContext context, string sessionSecret)
    {
        var sent = context.Request.Headers[CsrfHeader];
        return sent.Count == 1 && !string.IsNullOrEmpty(sent[0])
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent[0]!), Encoding.UTF8.GetBytes(CsrfToken(sessionSecret)));
    }

    private async Task<AuthFeature> BasicAsync(HttpContext context, string parameter)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
        }
        catch (FormatException)
        {
            throw Invalid();
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw Invalid();
        }

        var (userName, secret) = (decoded[..colon], decoded[(colon + 1)..]);
        if (Secrets.LooksLikeToken(secret))
        {
            return new AuthFeature(await TokenAsync(context, userName, secret).ConfigureAwait(false), CredentialKind.Token, null);
        }

        return new AuthFeature(await VerifyPasswordAsync(userName, secret, context, "basic").ConfigureAwait(false), CredentialKind.Password, null);
    }

    /// <summary>The user of an active token; with <paramref name="userName"/> (basic auth) the token must be that user's.</summary>
    private async Task<AuthUser> TokenAsync(HttpContext context, string? userName, string token)
    {
        var address = Address(context);
        throttle.ThrowIfLimited(userName, address);
        var match = await store.FindTokenAsync(Secrets.Sha256(token), context.RequestAborted).ConfigureAwait(false);
        var now = options.TimeProvider.GetUtcNow();
        string? problem = match is null ? "unknown token"
            : userName is not null && !string.Equals(match.User.Name, userName, StringComparison.Ordinal) ? "token of another user"
            : match.Token.RevokedAt is not null ? "revoked token"
            : !match.Token.IsActive(now) ? "expired token"
            : null;
        if (problem is not null)
        {
            throttle.RecordFailure(userName, address);
            AuthLog.TokenRejected(logger, address, problem);
            throw match is not null && problem is "revoked token" or "expired token"
                ? new ArgusException(ErrorCode.Unauthenticated, "The API token has expired or been revoked.")
                : Invalid();
        }

        // Written at most once a minute per token, not on every request.
        if (match!.Token.LastUsedAt is not { } last || now - last >= TimeSpan.FromMinutes(1))
        {
            await store.TouchTokenAsync(match.Token.Id, now, context.RequestAborted).ConfigureAwait(false);
        }

        return match.User;
    }

    private static CookieOptions CookieOptions(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };

    internal static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static ArgusException Invalid() => new(ErrorCode.Unauthenticated, "Invalid credentials.");
}
