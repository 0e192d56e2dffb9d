using System.Text;
using Argus.Core.Notifications;

namespace Argus.Core.Alerts;

/// <summary>
/// A received alert as a notification for people: the subject <c>[FIRING] ModelDriftHigh model=tips</c>, and a body
/// with the status, the summary and description annotations, the labels, the start (and end) time and the link to
/// the rule's expression.
/// </summary>
public static class AlertNotifications
{
    /// <summary>The notification for <paramref name="received"/>.</summary>
    public static Notification Create(ReceivedAlert received)
    {
        ArgumentNullException.ThrowIfNull(received);
        var alert = received.Alert;
        var status = AlertJson.StatusText(alert.Status);
        var title = new StringBuilder().Append('[').Append(status.ToUpperInvariant()).Append("] ")
            .Append(alert.AlertName.Length > 0 ? alert.AlertName : alert.Fingerprint);
        foreach (var (key, value) in alert.Labels)
        {
            // The name is already there, and the severity is the notification's own.
            if (key is not Alert.NameLabel and not "severity")
            {
                title.Append(' ').Append(key).Append('=').Append(value);
            }
        }

        var body = new StringBuilder();
        body.Append("Status: ").Append(status).Append('\n');
        if (alert.Annotations.TryGetValue("summary", out var summary))
        {
            body.Append("Summary: ").Append(summary).Append('\n');
        }

        if (alert.Annotations.TryGetValue("description", out var description))
        {
            body.Append("Description: ").Append(description).Append('\n');
        }

        body.Append("Labels: ").AppendJoin(", ", alert.Labels.Select(p => $"{p.Key}={p.Value}")).Append('\n');
        body.Append("Started: ").Append(AlertJson.Time(alert.StartsAt)).Append('\n');
        if (alert.EndsAt is { } endsAt)
        {
            body.Append("Ended: ").Append(AlertJson.Time(endsAt)).Append('\n');
        }

        // A valid link goes last, as the notification's link; anything else is shown as it came.
        var link = Uri.TryCreate(alert.GeneratorUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
        if (link is null && alert.GeneratorUrl is { } generator)
        {
            body.Append("Source: ").Append(generator).Append('\n');
        }

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in alert.Labels)
        {
            labels[key] = value;
        }

        labels["fingerprint"] = alert.Fingerprint;
        labels["status"] = status;
        return new Notification
        {
            Title = title.ToString(),
            Summary = body.ToString().TrimEnd('\n'),
            Severity = alert.Status == AlertStatus.Resolved ? NotificationSeverity.Info : Severity(alert),
            Event = alert.Status == AlertStatus.Resolved ? "alert_resolved" : "alert_firing",
            Link = link,
            Timestamp = alert.EndsAt ?? alert.StartsAt,
            Labels = labels,
        };
    }

    private static NotificationSeverity Severity(Alert alert) =>
        alert.Labels.TryGetValue("severity", out var severity) ? severity.ToLowerInvariant() switch
        {
            "critical" or "error" or "page" => NotificationSeverity.Critical,
            "info" or "none" => NotificationSeverity.Info,
            _ => NotificationSeverity.Warning,
        }
        : NotificationSeverity.Warning;
}
