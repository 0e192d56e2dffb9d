using System.Globalization;
using System.Text;

namespace Argus.Core.Notifications;

/// <summary>The plain-text form of a <see cref="Notification"/>, shared by the email body and the chat message.</summary>
internal static class NotificationText
{
    /// <summary>Most items listed; the rest are counted.</summary>
    public const int MaxItems = 50;

    /// <summary>The body: summary, then one line per item (<c>- total_bill: wasserstein = 0.2134 (threshold 0.1)</c>).</summary>
    public static string Body(Notification notification, bool markdown)
    {
        var text = new StringBuilder();
        text.Append(notification.Summary).Append('\n');
        if (notification.Items.Count > 0)
        {
            text.Append('\n');
            for (var i = 0; i < notification.Items.Count && i < MaxItems; i++)
            {
                var item = notification.Items[i];
                text.Append("- ");
                text.Append(markdown ? $"*{Escape(item.Name)}*" : item.Name);
                text.Append(": ").Append(item.Test);
                if (!double.IsNaN(item.Score))
                {
                    text.Append(" = ").Append(Number(item.Score));
                }

                if (!double.IsNaN(item.Threshold))
                {
                    text.Append(" (threshold ").Append(Number(item.Threshold)).Append(')');
                }

                if (item.Detail.Length > 0)
                {
                    text.Append(", ").Append(item.Detail);
                }

                text.Append('\n');
            }

            if (notification.Items.Count > MaxItems)
            {
                text.Append("… and ").Append(notification.Items.Count - MaxItems).Append(" more\n");
            }
        }

        if (notification.Link is { } link)
        {
            text.Append('\n').Append(link.AbsoluteUri).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A score as people read it: up to 6 significant digits, invariant culture.</summary>
    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    // Slack's mrkdwn: &, < and > are the only characters it asks to escape.
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
