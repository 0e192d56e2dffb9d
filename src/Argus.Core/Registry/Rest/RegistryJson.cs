using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Argus.Core.Tracking.Rest;

namespace Argus.Core.Registry.Rest;

/// <summary>
/// JSON for the model registry routes, written as <see cref="TrackingJson"/> writes tracking
/// replies (MLflow's proto JSON: snake_case, unset fields and empty lists omitted, int64 as numbers).
/// Used by the server and the HTTP client.
/// </summary>
public static class RegistryJson
{
    private static readonly ProtoJson Json = new(RegistryJsonContext.Default);

    /// <summary>The serializer options for every registry wire type.</summary>
    public static JsonSerializerOptions Options => Json.Options;

    public static JsonTypeInfo<T> Info<T>() => Json.Info<T>();

    public static string Serialize<T>(T value) => Json.Serialize(value);

    public static byte[] SerializeToUtf8Bytes<T>(T value) => Json.SerializeToUtf8Bytes(value);

    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8) => Json.Deserialize<T>(utf8);
}
