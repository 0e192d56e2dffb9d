namespace Argus.Core.Auth;

/// <summary>
/// An API token as stored: never the token itself (only its SHA-256 is kept), but whose it is, its name, and when it
/// was created, expires, was revoked and was last used.
/// </summary>
public sealed record ApiToken(
    long Id,
    string UserName,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt)
{
    /// <summary>True when the token authenticates at <paramref name="now"/>: not revoked and not expired.</summary>
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is not { } expires || now < expires);
}
