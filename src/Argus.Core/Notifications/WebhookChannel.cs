using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Argus.Core.Notifications;

/// <summary>Posts a notification as JSON: Slack's <c>{"text": ...}</c> or Argus's structured form.</summary>
internal sealed class WebhookChannel(WebhookChannelOptions options, HttpClient http) : INotificationChannel
{
    public string Name => options.Name;

    public async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Url)
        {
            Content = new ByteArrayContent(Body(notification, options.Format)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        foreach (var (name, value) in options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, ExpandEnvironment(value));
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            throw new ChannelFailure(
                $"{options.Url.GetLeftPart(UriPartial.Authority)} answered HTTP {status} {response.ReasonPhrase}",
                retryable: status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests || response.StatusCode == HttpStatusCode.RequestTimeout);
        }
    }

    /// <summary>The request body for <paramref name="format"/>.</summary>
    internal static byte[] Body(Notification notification, WebhookFormat format)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (format == WebhookFormat.Slack)
            {
                var icon = notification.Severity switch
                {
                    NotificationSeverity.Critical => ":red_circle:",
                    NotificationSeverity.Warning => ":warning:",
                    _ => ":information_source:",
                };
                json.WriteString("text", $"{icon} *{notification.Title}*\n{NotificationText.Body(notification, markdown: true)}");
            }
            else
            {
                json.WriteString("title", notification.Title);
                json.WriteString("summary", notification.Summary);
                json.WriteString("severity", notification.Severity.ToString().ToLowerInvariant());
                json.WriteString("event", notification.Event);
                json.WriteString("timestamp", notification.Timestamp.UtcDateTime);
                if (notification.Link is { } link)
                {
                    json.WriteString("link", link.AbsoluteUri);
                }

                json.WriteStartObject("labels");
                foreach (var (key, value) in notification.Labels)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
                json.WriteStartArray("items");
                foreach (var item in notification.Items)
                {
                    json.WriteStartObject();
                    json.WriteString("name", item.Name);
                    json.WriteString("test", item.Test);
                    WriteNumber(json, "score", item.Score);
                    WriteNumber(json, "threshold", item.Threshold);
                    if (item.Detail.Length > 0)
                    {
                        json.WriteString("detail", item.Detail);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteString("text", NotificationText.Body(notification, markdown: false));
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    // "${NAME}" in a header value is the environment variable NAME, so tokens stay out of the config file.
    private static string ExpandEnvironment(string value)
    {
        var text = new StringBuilder();
        var at = 0;
        while (at < value.Length)
        {
            var start = value.IndexOf("${", at, StringComparison.Ordinal);
            var end = start < 0 ? -1 : value.IndexOf('}', start + 2);
            if (end < 0)
            {
                text.Append(value, at, value.Length - at);
                break;
            }

            text.Append(value, at, start - at);
            text.Append(Environment.GetEnvironmentVariable(value[(start + 2)..end]) ?? string.Empty);
            at = end + 1;
        }

        return text.ToString();
    }
}
