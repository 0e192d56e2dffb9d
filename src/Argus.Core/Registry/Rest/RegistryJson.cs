using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Argus.Core.Registry.Rest;

/// <summary>
/// JSON for the model registry routes, written as <see cref="Tracking.Rest.TrackingJson"/> writes tracking
/// replies (MLflow's proto JSON: snake_case, unset fields and empty lists omitted, int64 as numbers).
/// Used by the server and the HTTP client.
/// </summary>
public static class RegistryJson
{
    /// <summary>The serializer options for every registry wire type.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Info<T>());

    public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Info<T>());

    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize(utf8, Info<T>());

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(RegistryJsonContext.Default.Options)
        {
            TypeInfoResolver = RegistryJsonContext.Default.WithAddedModifier(OmitEmptyCollections),
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly();
        return options;
    }

    // Proto JSON omits empty repeated fields, as TrackingJson does.
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
