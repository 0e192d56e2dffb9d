using System.Globalization;
using System.Text;

namespace Argus.Core.Notifications;

/// <summary>Sends a notification as a plain-text UTF-8 email over SMTP.</summary>
internal sealed class EmailChannel(EmailChannelOptions options, TimeProvider time) : INotificationChannel
{
    public string Name => options.Name;

    public async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var message = Compose(notification);
        await using var smtp = new SmtpConversation(options);
        await smtp.OpenAsync(cancellationToken).ConfigureAwait(false);
        await smtp.SendAsync(options.From, options.To, message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The RFC 5322 message: headers, then the body in base64 (any text, any line length, no dot at a line start).</summary>
    internal string Compose(Notification notification)
    {
        var subject = $"{options.SubjectPrefix} {notification.Title}".Trim();
        var body = NotificationText.Body(notification, markdown: false).Replace("\n", "\r\n", StringComparison.Ordinal);
        var text = new StringBuilder();
        text.Append("From: ").Append(options.From).Append("\r\n");
        text.Append("To: ").Append(string.Join(", ", options.To)).Append("\r\n");
        text.Append("Subject: ").Append(EncodeHeader(subject)).Append("\r\n");
        text.Append("Date: ").Append(time.GetUtcNow().ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture)).Append("\r\n");
        text.Append("Message-ID: <").Append(Guid.NewGuid().ToString("N")).Append('@').Append(Domain(options.From)).Append(">\r\n");
        text.Append("MIME-Version: 1.0\r\n");
        text.Append("Content-Type: text/plain; charset=utf-8\r\n");
        text.Append("Content-Transfer-Encoding: base64\r\n");
        text.Append("X-Argus-Event: ").Append(notification.Event).Append("\r\n");
        text.Append("\r\n");
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(body));
        for (var i = 0; i < encoded.Length; i += 76)
        {
            text.Append(encoded, i, Math.Min(76, encoded.Length - i)).Append("\r\n");
        }

        return text.ToString();
    }

    // RFC 2047 for anything beyond printable ASCII; line breaks never reach a header.
    private static string EncodeHeader(string value)
    {
        value = value.Replace('\r', ' ').Replace('\n', ' ');
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return $"=?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(value))}?=";
            }
        }

        return value;
    }

    private static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..];
}
