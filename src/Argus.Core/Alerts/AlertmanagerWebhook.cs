using System.Globalization;
using System.Text.Json;
using Argus.Core.Errors;

namespace Argus.Core.Alerts;

/// <summary>
/// Reads Alertmanager's webhook message (version <c>"4"</c>): the group's receiver, key and external URL, and each
/// alert's status, labels, annotations, times, generator URL and fingerprint. Unknown fields are ignored, since newer
/// Alertmanagers add some (<c>notification_reason</c>, <c>routeLabels</c>).
/// </summary>
public static class AlertmanagerWebhook
{
    /// <summary>The one message version this reader understands.</summary>
    public const string Version = "4";

    /// <summary>Parses a message.</summary>
    /// <exception cref="ArgusException">BAD_REQUEST naming what is wrong: malformed JSON, another version, a missing
    /// <c>alerts</c> array, or an alert without fingerprint, status or start time.</exception>
    public static IReadOnlyList<Alert> Parse(ReadOnlySpan<byte> utf8)
    {
        JsonDocument? document = null;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            document = JsonDocument.ParseValue(ref reader);

            // Anything but whitespace after the one value makes the reader throw.
            _ = reader.Read();
        }
        catch (JsonException e)
        {
            document?.Dispose();
            throw Bad($"Malformed JSON in the webhook body (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement);
            }
            catch (InvalidOperationException)
            {
                // JsonDocument checks a string's UTF-8 and its \u escapes only when it decodes it, and throws this then.
                throw Bad("Malformed JSON in the webhook body: a string holds bytes that are not UTF-8 or an unpaired \\u surrogate escape.");
            }
        }
    }

    private static List<Alert> Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Bad("The webhook body must be a JSON object (Alertmanager's webhook message).");
        }

        if (!root.TryGetProperty("version", out var version))
        {
            throw Bad($"The webhook message has no 'version'; Argus reads Alertmanager's version \"{Version}\".");
        }

        if (version.ValueKind != JsonValueKind.String || version.GetString() != Version)
        {
            throw Bad($"Unsupported webhook message version {ErrorText.Shorten(version.GetRawText(), ErrorText.MaxQuoted)}; Argus reads Alertmanager's version \"{Version}\".");
        }

        if (!root.TryGetProperty("alerts", out var alerts) || alerts.ValueKind != JsonValueKind.Array)
        {
            throw Bad("The webhook message has no 'alerts' array.");
        }

        var receiver = OptionalString(root, "receiver", "receiver");
        var groupKey = OptionalString(root, "groupKey", "groupKey");
        var externalUrl = OptionalString(root, "externalURL", "externalURL");
        var parsed = new List<Alert>(alerts.GetArrayLength());
        var index = 0;
        foreach (var alert in alerts.EnumerateArray())
        {
            parsed.Add(ParseAlert(alert, $"alerts[{index.ToString(CultureInfo.InvariantCulture)}]", receiver, groupKey, externalUrl));
            index++;
        }

        return parsed;
    }

    /// <summary>
    /// Parses an RFC 3339 time as Alertmanager writes it (Go's nanosecond form, e.g. <c>2026-11-22T10:31:00.181Z</c> or
    /// <c>…00.181234567+02:00</c>); digits past the 7th of a second are dropped.
    /// </summary>
    public static bool TryParseTime(string text, out DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't'))
        {
            return false;
        }

        var dot = text.IndexOf('.', 19);
        if (dot == 19)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static Alert ParseAlert(JsonElement alert, string where, string? receiver, string? groupKey, string? externalUrl)
    {
        if (alert.ValueKind != JsonValueKind.Object)
        {
            throw Bad($"{where} must be a JSON object.");
        }

        var fingerprint = OptionalString(alert, "fingerprint", $"{where}.fingerprint");
        if (string.IsNullOrEmpty(fingerprint))
        {
            throw Bad($"{where} has no 'fingerprint'.");
        }

        var statusText = OptionalString(alert, "status", $"{where}.status");
        var status = statusText switch
        {
            "firing" => AlertStatus.Firing,
            "resolved" => AlertStatus.Resolved,
            null or "" => throw Bad($"{where} has no 'status'."),
            _ => throw Bad($"{where}.status must be \"firing\" or \"resolved\", not \"{statusText}\"."),
        };

        var startsAt = Time(alert, "startsAt", where) ?? throw Bad($"{where} has no 'startsAt'.");
        var endsAt = Time(alert, "endsAt", where);
        return new Alert
        {
            Fingerprint = fingerprint,
            Status = status,
            Labels = Strings(alert, "labels", where),
            Annotations = Strings(alert, "annotations", where),
            StartsAt = startsAt,
            // Go's zero time (year 1) is how Alertmanager says "not ended".
            EndsAt = endsAt is { Year: 1 } ? null : endsAt,
            GeneratorUrl = OptionalString(alert, "generatorURL", $"{where}.generatorURL") is { Length: > 0 } url ? url : null,
            Receiver = receiver,
            GroupKey = groupKey,
            ExternalUrl = externalUrl,
        };
    }

    private static DateTimeOffset? Time(JsonElement alert, string name, string where)
    {
        var text = OptionalString(alert, name, $"{where}.{name}");
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return TryParseTime(text, out var value) ? value : throw Bad($"{where}.{name} '{text}' is not an RFC 3339 time.");
    }

    private static SortedDictionary<string, string> Strings(JsonElement alert, string name, string where)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!alert.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Bad($"{where}.{name} must be an object of strings.");
        }

        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw Bad($"{where}.{name}.{property.Name} must be a string.");
            }

            result[property.Name] = property.Value.GetString()!;
        }

        return result;
    }

    private static string? OptionalString(JsonElement element, string name, string where)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Bad($"{where} must be a string.");
    }

    private static ArgusException Bad(string message) => new(ErrorCode.BadRequest, message);
}
