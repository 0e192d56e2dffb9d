using System.Threading.Channels;
using Argus.Core.Alerts;
using Argus.Core.Notifications;

namespace Argus.Server.Hosting;

/// <summary>
/// Sends each new alert to the notification channels, in the background and in the order received, so the webhook
/// answers at once whatever the channels do. The <see cref="Notifier"/> retries each channel; a channel that still
/// fails is logged. The queue is bounded: past <see cref="Capacity"/> waiting alerts, new ones are logged and dropped
/// (they are stored all the same).
/// </summary>
internal sealed class AlertForwarder(Notifier notifier, ILogger<AlertForwarder> logger) : BackgroundService
{
    /// <summary>Alerts that may wait to be sent.</summary>
    public const int Capacity = 10_000;

    private readonly Channel<ReceivedAlert> _queue = Channel.CreateBounded<ReceivedAlert>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Queues alerts for sending; never waits.</summary>
    public void Enqueue(IReadOnlyList<ReceivedAlert> alerts)
    {
        foreach (var alert in alerts)
        {
            if (!_queue.Writer.TryWrite(alert))
            {
                ServerLog.AlertQueueFull(logger, alert.Alert.Fingerprint, alert.Alert.AlertName);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var received in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var results = await notifier.NotifyAsync(AlertNotifications.Create(received), stoppingToken).ConfigureAwait(false);
                foreach (var result in results)
                {
                    if (!result.Delivered)
                    {
                        ServerLog.AlertNotDelivered(logger, received.Alert.Fingerprint, received.Alert.AlertName, result.Channel, result.Error ?? string.Empty);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // One alert's failure must not stop the forwarding of the others.
            catch (Exception e)
#pragma warning restore CA1031
            {
                ServerLog.AlertForwardingFailed(logger, e, received.Alert.Fingerprint, received.Alert.AlertName);
            }
        }
    }
}
