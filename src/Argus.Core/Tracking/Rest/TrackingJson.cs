using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Argus.Core.Tracking.Rest;

/// <summary>
/// JSON as MLflow writes it: snake_case names, unset fields and empty lists omitted, enums by name,
/// int64 as numbers, NaN and ±Infinity as "NaN"/"Infinity". Used by the server and the HTTP client.
/// </summary>
public static class TrackingJson
{
    private static readonly ProtoJson Json = new(TrackingJsonContext.Default);

    /// <summary>The serializer options for every tracking wire type.</summary>
    public static JsonSerializerOptions Options => Json.Options;

    public static JsonTypeInfo<T> Info<T>() => Json.Info<T>();

    public static string Serialize<T>(T value) => Json.Serialize(value);

    public static byte[] SerializeToUtf8Bytes<T>(T value) => Json.SerializeToUtf8Bytes(value);

    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8) => Json.Deserialize<T>(utf8);

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
}
