using System.Globalization;
using Argus.Core.Errors;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Argus.Server.Hosting;

/// <summary>
/// What Kestrel allows a connection, for <c>argus server</c> and <c>argus serve</c>: how long a client may take to send
/// its request head, how slowly it may send a body or read a reply, how long an idle connection is kept, and how large
/// the request head may be. A client that dribbles (slow-loris) is cut off instead of holding a connection open.
/// Body sizes are limited per route (see <see cref="ArgusServerOptions"/>).
/// </summary>
public sealed record HttpLimits
{
    /// <summary>How long the whole request head (request line and headers) may take to arrive; then the connection is closed.</summary>
    /// <value>15 seconds.</value>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long an idle keep-alive connection is kept open.</summary>
    /// <value>2 minutes: longer than the idle time of common HTTP client pools, so a client rarely reuses a connection the server is closing.</value>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The largest request line (method, path and query string); Kestrel answers 414 beyond it.</summary>
    /// <value>8 KiB.</value>
    public int MaxRequestLineBytes { get; init; } = 8 * 1024;

    /// <summary>The largest total size of the request headers; Kestrel answers 431 beyond it.</summary>
    /// <value>32 KiB.</value>
    public int MaxRequestHeadersBytes { get; init; } = 32 * 1024;

    /// <summary>The most request headers; Kestrel answers 431 beyond it.</summary>
    /// <value>100.</value>
    public int MaxRequestHeaderCount { get; init; } = 100;

    /// <summary>The slowest a request body may arrive, averaged, once <see cref="MinDataRateGracePeriod"/> has passed (408 below it).</summary>
    /// <value>240 bytes per second.</value>
    public double MinRequestBodyBytesPerSecond { get; init; } = 240;

    /// <summary>The slowest a client may read a reply, averaged, once <see cref="MinDataRateGracePeriod"/> has passed.</summary>
    /// <value>240 bytes per second.</value>
    public double MinResponseBytesPerSecond { get; init; } = 240;

    /// <summary>How long a body or reply may be slower than its minimum rate before the connection is cut.</summary>
    /// <value>5 seconds (Kestrel needs more than its 1-second heartbeat).</value>
    public TimeSpan MinDataRateGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws one INVALID_PARAMETER_VALUE naming every invalid limit.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        Positive(problems, RequestHeadersTimeout, nameof(RequestHeadersTimeout));
        Positive(problems, KeepAliveTimeout, nameof(KeepAliveTimeout));
        if (MaxRequestLineBytes <= 0)
        {
            problems.Add($"{nameof(MaxRequestLineBytes)} must be positive");
        }

        if (MaxRequestHeadersBytes <= 0)
        {
            problems.Add($"{nameof(MaxRequestHeadersBytes)} must be positive");
        }

        if (MaxRequestHeaderCount <= 0)
        {
            problems.Add($"{nameof(MaxRequestHeaderCount)} must be positive");
        }

        if (!(MinRequestBodyBytesPerSecond > 0) || !double.IsFinite(MinRequestBodyBytesPerSecond))
        {
            problems.Add($"{nameof(MinRequestBodyBytesPerSecond)} must be a positive number");
        }

        if (!(MinResponseBytesPerSecond > 0) || !double.IsFinite(MinResponseBytesPerSecond))
        {
            problems.Add($"{nameof(MinResponseBytesPerSecond)} must be a positive number");
        }

        if (MinDataRateGracePeriod <= TimeSpan.FromSeconds(1))
        {
            problems.Add($"{nameof(MinDataRateGracePeriod)} must be longer than Kestrel's 1-second heartbeat");
        }

        if (problems.Count > 0)
        {
            throw ArgusException.InvalidParameter("Invalid HTTP limits: " + string.Join("; ", problems) + ".");
        }
    }

    /// <summary>Validates the limits and sets them on Kestrel.</summary>
    internal void ApplyTo(KestrelServerOptions kestrel)
    {
        Validate();
        var limits = kestrel.Limits;
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
        limits.KeepAliveTimeout = KeepAliveTimeout;
        limits.MaxRequestLineSize = MaxRequestLineBytes;
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersBytes;
        limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
        limits.MinRequestBodyDataRate = new MinDataRate(MinRequestBodyBytesPerSecond, MinDataRateGracePeriod);
        limits.MinResponseDataRate = new MinDataRate(MinResponseBytesPerSecond, MinDataRateGracePeriod);
    }

    private static void Positive(List<string> problems, TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name} must be positive (got {value})"));
        }
    }
}
