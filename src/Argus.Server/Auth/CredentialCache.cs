using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Argus.Server.Auth;

/// <summary>
/// Remembers, for a short while, which user name and password pairs verified, so an MLflow client sending HTTP basic
/// on every request pays for PBKDF2 once. Entries are keyed by an HMAC of the pair under a key made fresh for this
/// process (the pair itself is never kept), and hold the stored hash they verified against: a changed password no
/// longer matches the user's current hash, so it stops working at once on every replica.
/// </summary>
internal sealed class CredentialCache(AuthOptions options)
{
    private const int MaxEntries = 10_000;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>True when this pair verified against <paramref name="storedHash"/> within the cache duration.</summary>
    public bool Verified(string userName, string password, string storedHash)
    {
        var key = Key(userName, password);
        if (!_entries.TryGetValue(key, out var entry))
        {
            return false;
        }

        if (entry.Expires <= options.TimeProvider.GetUtcNow())
        {
            _entries.TryRemove(key, out _);
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(entry.StoredHash), Encoding.UTF8.GetBytes(storedHash));
    }

    public void Remember(string userName, string password, string storedHash)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[Key(userName, password)] = new Entry(storedHash, options.TimeProvider.GetUtcNow() + options.CredentialCacheDuration);
    }

    private string Key(string userName, string password) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(userName + "\0" + password)));

    private sealed record Entry(string StoredHash, DateTimeOffset Expires);
}
