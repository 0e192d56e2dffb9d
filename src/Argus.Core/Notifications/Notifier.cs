using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Argus.Core.Notifications;

/// <summary>
/// Sends each notification to every configured channel at once. Each channel is tried up to
/// <see cref="NotificationOptions.Attempts"/> times with doubling waits; a channel that keeps failing is logged and
/// reported in its <see cref="ChannelResult"/>, and never delays or stops the others. Never throws for a channel's failure.
/// </summary>
public sealed class Notifier : IDisposable
{
    private readonly NotificationOptions _options;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly List<INotificationChannel> _channels = [];

    /// <summary>Validates the options and builds the channels.</summary>
    public Notifier(NotificationOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Argus");
        foreach (var channel in options.Channels)
        {
            _channels.Add(channel switch
            {
                EmailChannelOptions email => new EmailChannel(email, options.TimeProvider),
                WebhookChannelOptions webhook => new WebhookChannel(webhook, _http),
                _ => throw new ArgumentException($"Unknown channel type {channel.GetType().Name}.", nameof(options)),
            });
        }
    }

    /// <summary>The channels' names, in configuration order.</summary>
    public IReadOnlyList<string> Channels => _channels.ConvertAll(c => c.Name);

    /// <summary>Sends to every channel; one result per channel, in configuration order.</summary>
    public async Task<IReadOnlyList<ChannelResult>> NotifyAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var sends = new Task<ChannelResult>[_channels.Count];
        for (var i = 0; i < sends.Length; i++)
        {
            sends[i] = SendWithRetriesAsync(_channels[i], notification, cancellationToken);
        }

        return await Task.WhenAll(sends).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private async Task<ChannelResult> SendWithRetriesAsync(INotificationChannel channel, Notification notification, CancellationToken cancellationToken)
    {
        await Task.Yield(); // each channel on its own: a slow DNS lookup or connect in one never holds up the next
        var delay = _options.InitialDelay;
        string error = string.Empty;
        for (var attempt = 1; attempt <= _options.Attempts; attempt++)
        {
            bool retryable;
            using (var timeout = new CancellationTokenSource(_options.Timeout, _options.TimeProvider))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    await channel.SendAsync(notification, linked.Token).ConfigureAwait(false);
                    NotificationMessages.Sent(_logger, notification.Title, channel.Name, attempt);
                    return new ChannelResult(channel.Name, true, attempt, null);
                }
                catch (ChannelFailure e)
                {
                    (error, retryable) = (e.Message, e.Retryable);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    (error, retryable) = ($"no answer within {_options.Timeout.TotalSeconds:0.###} s", true);
                }
                catch (Exception e) when (e is IOException or SocketException or HttpRequestException or System.Security.Authentication.AuthenticationException)
                {
                    // Connection refused, reset, TLS handshake failures: the server may be back on the next try.
                    (error, retryable) = (e.Message, e is not System.Security.Authentication.AuthenticationException);
                }
            }

            if (!retryable || attempt == _options.Attempts)
            {
                NotificationMessages.GaveUp(_logger, channel.Name, attempt, error);
                return new ChannelResult(channel.Name, false, attempt, error);
            }

            NotificationMessages.Retrying(_logger, channel.Name, attempt, _options.Attempts, delay, error);
            await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxDelay.Ticks));
        }

        return new ChannelResult(channel.Name, false, _options.Attempts, error);
    }
}
