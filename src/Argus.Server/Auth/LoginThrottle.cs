using System.Collections.Concurrent;
using Argus.Core.Errors;

namespace Argus.Server.Auth;

/// <summary>
/// Limits password guessing: failed sign-ins (the login form, and HTTP basic with a password or a token) are counted
/// per user name and per client address in fixed windows; past the limit, further attempts answer 429 with
/// <c>Retry-After</c> until the window ends, before any password is checked. Counts live in this process.
/// </summary>
internal sealed class LoginThrottle(AuthOptions options, ILogger logger)
{
    private const int PruneAbove = 100_000;

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <exception cref="ArgusException">REQUEST_LIMIT_EXCEEDED with <see cref="ArgusException.RetryAfter"/> when either key is over its limit.</exception>
    public void ThrowIfLimited(string? userName, string? address)
    {
        var now = options.TimeProvider.GetUtcNow();
        Check(UserKey(userName), options.MaxFailedLoginsPerUser, now);
        Check(AddressKey(address), options.MaxFailedLoginsPerAddress, now);
    }

    public void RecordFailure(string? userName, string? address)
    {
        var now = options.TimeProvider.GetUtcNow();
        Count(UserKey(userName), now);
        Count(AddressKey(address), now);
        if (_windows.Count > PruneAbove)
        {
            foreach (var (key, window) in _windows)
            {
                lock (window)
                {
                    if (now - window.Start >= options.LoginWindow)
                    {
                        _windows.TryRemove(key, out _);
                    }
                }
            }
        }
    }

    private void Check(string? key, int limit, DateTimeOffset now)
    {
        if (key is null || !_windows.TryGetValue(key, out var window))
        {
            return;
        }

        TimeSpan left;
        lock (window)
        {
            left = window.Start + options.LoginWindow - now;
            if (left <= TimeSpan.Zero || window.Failures < limit)
            {
                return;
            }
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(left.TotalSeconds));
        AuthLog.Throttled(logger, key, seconds);
        throw new ArgusException(ErrorCode.RequestLimitExceeded, $"Too many failed sign-in attempts. Try again in {seconds} seconds.")
        {
            RetryAfter = TimeSpan.FromSeconds(seconds),
        };
    }

    private void Count(string? key, DateTimeOffset now)
    {
        if (key is null)
        {
            return;
        }

        var window = _windows.GetOrAdd(key, static (_, start) => new Window { Start = start }, now);
        lock (window)
        {
            if (now - window.Start >= options.LoginWindow)
            {
                window.Start = now;
                window.Failures = 0;
            }

            window.Failures++;
        }
    }

    private static string? UserKey(string? userName) => string.IsNullOrEmpty(userName) ? null : "user:" + userName.ToLowerInvariant();

    private static string? AddressKey(string? address) => string.IsNullOrEmpty(address) ? null : "address:" + address;

    private sealed class Window
    {
        public DateTimeOffset Start { get; set; }

        public int Failures { get; set; }
    }
}
