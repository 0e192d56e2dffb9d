using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Argus.Core.Auth;

/// <summary>
/// Password hashes as PBKDF2-HMAC-SHA256 with a random 16-byte salt per hash, stored as
/// <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (salt and hash in base64), so the iteration count can be raised later
/// without invalidating stored hashes. Verification recomputes with the stored count and compares in constant time.
/// </summary>
public static class PasswordHasher
{
    /// <summary>The scheme name at the start of every hash.</summary>
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>The fewest iterations accepted for new hashes (OWASP's 2021 floor for PBKDF2-SHA256).</summary>
    public const int MinimumIterations = 210_000;

    /// <summary>What new hashes use unless told otherwise (OWASP's 2023 recommendation for PBKDF2-SHA256).</summary>
    public const int DefaultIterations = 600_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Hashes <paramref name="password"/> with a fresh salt.</summary>
    public static string Hash(string password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinimumIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, iterations, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="password"/> is the one <paramref name="stored"/> was made from; false for a malformed hash.</summary>
    public static bool Verify(string password, string stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(stored, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        var actual = Derive(password, salt, iterations, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>The iteration count a stored hash was made with (null when it is malformed).</summary>
    public static int? IterationsOf(string stored) => TryParse(stored, out var iterations, out _, out _) ? iterations : null;

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, length);

    private static bool TryParse(string? stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = [];
        hash = [];
        var parts = stored?.Split('$');
        if (parts is not { Length: 4 } || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length > 0 && hash.Length > 0;
    }
}
