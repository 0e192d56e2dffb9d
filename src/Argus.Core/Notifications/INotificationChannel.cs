namespace Argus.Core.Notifications;

/// <summary>Sends one notification once; the <see cref="Notifier"/> retries.</summary>
internal interface INotificationChannel
{
    string Name { get; }

    /// <summary>One try. Throws <see cref="ChannelFailure"/> (or an I/O or cancellation exception) when it fails.</summary>
    Task SendAsync(Notification notification, CancellationToken cancellationToken);
}
