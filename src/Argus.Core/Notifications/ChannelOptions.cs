namespace Argus.Core.Notifications;

/// <summary>One notification channel: <see cref="EmailChannelOptions"/> or <see cref="WebhookChannelOptions"/>.</summary>
public abstract record ChannelOptions
{
    /// <summary>The channel's name, as logs and results name it.</summary>
    public required string Name { get; init; }
}
