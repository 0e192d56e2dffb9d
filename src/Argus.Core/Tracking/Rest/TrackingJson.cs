using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Argus.Core.Tracking.Rest;

/// <summary>
/// JSON as MLflow writes it: snake_case names, unset fields and empty lists omitted, enums by name,
/// int64 as numbers, NaN and ±Infinity as "NaN"/"Infinity". Used by the server and the HTTP client.
/// </summary>
public static class TrackingJson
{
    /// <summary>The serializer options for every tracking wire type.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Info<T>());

    public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Info<T>());

    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize(utf8, Info<T>());

    /// <summary>An opaque page token for an offset (base64 JSON, like MLflow's).</summary>
    public static string EncodePageToken(long offset) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new PageTokenPayload(offset), Info<PageTokenPayload>()));

    /// <summary>The offset a page token holds; null or empty means the first page.</summary>
    public static long DecodePageToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            var payload = JsonSerializer.Deserialize(Convert.FromBase64String(token), Info<PageTokenPayload>());
            if (payload is { Offset: >= 0 })
            {
                return payload.Offset;
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            // Fall through to the one error below.
        }

        throw Errors.ArgusException.InvalidParameter($"Invalid page token '{token}'.");
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(TrackingJsonContext.Default.Options)
        {
            TypeInfoResolver = TrackingJsonContext.Default.WithAddedModifier(OmitEmptyCollections),
            // Write quotes and non-ASCII text as they are, as MLflow's json.dumps does; the
            // replies are application/json, never embedded in HTML.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly();
        return options;
    }

    // Proto JSON omits empty repeated fields; clients expect `{}` rather than `{"tags": []}`.
    private static void OmitEmptyCollections(JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
        {
            if (property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
            {
                property.ShouldSerialize = static (_, value) => value is not ICollection { Count: 0 };
            }
        }
    }
}
