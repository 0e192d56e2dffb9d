namespace Argus.Core.Auth.Rest;

/// <summary>An API token as stored (never its secret); times in Unix milliseconds.</summary>
public sealed record TokenMessage(
    long? Id = null,
    string? Username = null,
    string? Name = null,
    long? CreationTime = null,
    long? ExpirationTime = null,
    long? RevocationTime = null,
    long? LastUsedTime = null)
{
    public static TokenMessage From(ApiToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new(token.Id, token.UserName, token.Name, token.CreatedAt.ToUnixTimeMilliseconds(), token.ExpiresAt?.ToUnixTimeMilliseconds(),
            token.RevokedAt?.ToUnixTimeMilliseconds(), token.LastUsedAt?.ToUnixTimeMilliseconds());
    }

    public ApiToken ToToken() => new(
        Id ?? 0,
        Username ?? string.Empty,
        Name ?? string.Empty,
        DateTimeOffset.FromUnixTimeMilliseconds(CreationTime ?? 0),
        Time(ExpirationTime),
        Time(RevocationTime),
        Time(LastUsedTime));

    private static DateTimeOffset? Time(long? millis) => millis is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
