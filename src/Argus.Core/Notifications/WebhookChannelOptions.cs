namespace Argus.Core.Notifications;

/// <summary>A webhook channel: an HTTP(S) URL that receives a JSON POST.</summary>
public sealed record WebhookChannelOptions : ChannelOptions
{
    /// <summary>Where to POST.</summary>
    public required Uri Url { get; init; }

    /// <summary>The body's shape.</summary>
    /// <value><see cref="WebhookFormat.Slack"/></value>
    public WebhookFormat Format { get; init; } = WebhookFormat.Slack;

    /// <summary>Extra request headers (e.g. an Authorization header); values may name an environment variable as <c>${NAME}</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
