using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Argus.Core.Tracking.Rest;

namespace Argus.Core.Pipelines.Rest;

/// <summary>
/// JSON for the pipeline routes under <c>/api/2.0/argus/pipelines/</c>, written as <see cref="TrackingJson"/> writes
/// tracking replies: snake_case names, unset fields and empty lists and objects omitted, times as Unix milliseconds.
/// Used by the server and the HTTP client; also the text form in which the database stores keep parameters and outputs.
/// </summary>
public static class PipelineJson
{
    // The Unix milliseconds DateTimeOffset can hold: years 1 to 9999.
    private const long MinMillis = -62_135_596_800_000;

    private const long MaxMillis = 253_402_300_799_999;

    private static readonly ProtoJson Json = new(PipelineJsonContext.Default);

    /// <summary>The serializer options for every pipeline wire type.</summary>
    public static JsonSerializerOptions Options => Json.Options;

    public static JsonTypeInfo<T> Info<T>() => Json.Info<T>();

    public static string Serialize<T>(T value) => Json.Serialize(value);

    public static byte[] SerializeToUtf8Bytes<T>(T value) => Json.SerializeToUtf8Bytes(value);

    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8) => Json.Deserialize<T>(utf8);

    /// <summary>A time as Unix milliseconds (sub-millisecond parts dropped, as the stores keep them).</summary>
    public static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long? Millis(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    /// <summary>Unix milliseconds as a UTC time.</summary>
    /// <exception cref="Errors.ArgusException">INVALID_PARAMETER_VALUE for a time before year 1 or after year 9999.</exception>
    public static DateTimeOffset? Time(long? millis) => millis switch
    {
        null => null,
        >= MinMillis and <= MaxMillis => DateTimeOffset.FromUnixTimeMilliseconds(millis.Value),
        _ => throw Errors.ArgusException.InvalidParameter(
            $"Invalid time {millis.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}: use Unix milliseconds between years 1 and 9999."),
    };

    /// <summary>A string map as a JSON object, names in ordinal order.</summary>
    internal static string MapToJson(IReadOnlyDictionary<string, string> values)
    {
        var sorted = new Dictionary<string, string>(values.Count, StringComparer.Ordinal);
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sorted[key] = value;
        }

        return JsonSerializer.Serialize(sorted, Info<Dictionary<string, string>>());
    }

    /// <summary>A JSON object of texts, as <see cref="MapToJson"/> wrote it, in ordinal order of names.</summary>
    internal static SortedDictionary<string, string> MapFromJson(string json)
    {
        var read = JsonSerializer.Deserialize(json, Info<Dictionary<string, string>>()) ?? [];
        return new SortedDictionary<string, string>(read, StringComparer.Ordinal);
    }
}
