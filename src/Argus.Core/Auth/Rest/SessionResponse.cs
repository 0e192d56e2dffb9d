namespace Argus.Core.Auth.Rest;

/// <summary>
/// auth/login and auth/me: whether the server requires sign-in, who is signed in, and, for a browser session, the
/// CSRF token to send as <c>X-Argus-CSRF</c> on every request that changes something.
/// </summary>
public sealed record SessionResponse(bool? AuthEnabled = null, UserMessage? User = null, string? CsrfToken = null)
{
    /// <summary>Keeps the CSRF token out of logs.</summary>
    public override string ToString() => $"SessionResponse {{ AuthEnabled = {AuthEnabled}, User = {User}, CsrfToken = *** }}";
}
