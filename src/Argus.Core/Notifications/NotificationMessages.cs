using Microsoft.Extensions.Logging;

namespace Argus.Core.Notifications;

/// <summary>Log messages of the notification channels (event ids 5000–5099). Never a secret in them.</summary>
internal static partial class NotificationMessages
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Warning, Message = "Notification channel {Channel} failed (attempt {Attempt} of {Attempts}), retrying in {Delay}: {Error}")]
    public static partial void Retrying(ILogger logger, string channel, int attempt, int attempts, TimeSpan delay, string error);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "Notification channel {Channel} gave up after {Attempts} attempts: {Error}")]
    public static partial void GaveUp(ILogger logger, string channel, int attempts, string error);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Notification \"{Title}\" sent to {Channel} (attempt {Attempt})")]
    public static partial void Sent(ILogger logger, string title, string channel, int attempt);
}
