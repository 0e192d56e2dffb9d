using System.Globalization;
using System.Text.Json;

namespace Argus.Core.Alerts;

/// <summary>
/// Received alerts as JSON: snake_case names, times as RFC 3339 UTC strings to the millisecond, labels and annotations
/// as objects. Also the text form in which the store keeps labels and annotations.
/// </summary>
public static class AlertJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Replies are application/json, never embedded in HTML: write text as it is.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A writer with the relaxed escaping Argus's JSON replies use.</summary>
    public static Utf8JsonWriter CreateWriter(System.Buffers.IBufferWriter<byte> output) => new(output, WriterOptions);

    /// <summary>Writes one alert as an object.</summary>
    public static void Write(Utf8JsonWriter json, ReceivedAlert received)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(received);
        var alert = received.Alert;
        json.WriteStartObject();
        json.WriteNumber("id", received.Id);
        json.WriteString("fingerprint", alert.Fingerprint);
        json.WriteString("status", StatusText(alert.Status));
        json.WriteString("alertname", alert.AlertName);
        WriteObject(json, "labels", alert.Labels);
        WriteObject(json, "annotations", alert.Annotations);
        json.WriteString("starts_at", Time(alert.StartsAt));
        if (alert.EndsAt is { } endsAt)
        {
            json.WriteString("ends_at", Time(endsAt));
        }

        WriteIfSet(json, "generator_url", alert.GeneratorUrl);
        WriteIfSet(json, "receiver", alert.Receiver);
        WriteIfSet(json, "group_key", alert.GroupKey);
        WriteIfSet(json, "external_url", alert.ExternalUrl);
        json.WriteString("received_at", Time(received.ReceivedAt));
        json.WriteEndObject();
    }

    /// <summary><c>firing</c> or <c>resolved</c>.</summary>
    public static string StatusText(AlertStatus status) => status == AlertStatus.Resolved ? "resolved" : "firing";

    /// <summary>A time as <c>2026-11-22T10:31:00.181Z</c>.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A string map as a JSON object, keys in ordinal order.</summary>
    internal static string ToJson(IReadOnlyDictionary<string, string> values)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = CreateWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A JSON object of strings, as <see cref="ToJson"/> wrote it.</summary>
    internal static SortedDictionary<string, string> FromJson(string text)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(text);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            result[property.Name] = property.Value.GetString() ?? string.Empty;
        }

        return result;
    }

    private static void WriteObject(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> values)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
