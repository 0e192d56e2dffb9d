using System.Security.Cryptography;
using System.Text;

namespace Argus.Core.Auth;

/// <summary>
/// The random secrets of authentication (API tokens, session ids, one-time passwords) and how they are stored: as
/// SHA-256, so the database never holds a usable secret. Each secret is 32 random bytes in base64url.
/// </summary>
public static class Secrets
{
    /// <summary>Every API token starts with this, so a token given as a password is told from a password.</summary>
    public const string TokenPrefix = "argus_";

    /// <summary>A new API token: <c>argus_</c> and 32 random bytes.</summary>
    public static string NewToken() => TokenPrefix + NewSecret();

    /// <summary>32 random bytes in base64url (43 characters).</summary>
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>A random password of 24 characters from an alphabet without look-alikes, for the first administrator.</summary>
    public static string NewPassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
        return RandomNumberGenerator.GetString(alphabet, 24);
    }

    /// <summary>True when <paramref name="secret"/> has the shape of an API token.</summary>
    public static bool LooksLikeToken(string secret) => secret.StartsWith(TokenPrefix, StringComparison.Ordinal);

    /// <summary>The stored form of a secret: SHA-256 of its UTF-8 bytes, lower-case hex.</summary>
    public static string Sha256(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    internal static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
