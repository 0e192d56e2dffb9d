using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Argus.Core.Tracking.Rest;

/// <summary>
/// MLflow's proto JSON over one source-generated context: the context's settings (snake_case names, unset
/// fields omitted, int64 as numbers…), empty lists omitted, and text written unescaped. Serves
/// <see cref="TrackingJson"/> and <see cref="Registry.Rest.RegistryJson"/>, which differ only in their context.
/// </summary>
internal sealed class ProtoJson
{
    /// <param name="context">The source-generated context.</param>
    /// <param name="omitEmptyCollections">
    /// Omit empty lists as proto JSON does; false writes them as <c>[]</c> (MLflow's auth API is plain JSON, and its
    /// client reads the permission lists of a user as always present).
    /// </param>
    public ProtoJson(JsonSerializerContext context, bool omitEmptyCollections = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = new JsonSerializerOptions(context.Options)
        {
            TypeInfoResolver = omitEmptyCollections ? context.WithAddedModifier(OmitEmptyCollections) : context,
            // Write quotes and non-ASCII text as they are, as MLflow's json.dumps does; the
            // replies are application/json, never embedded in HTML.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly();
        Options = options;
    }

    /// <summary>The serializer options for every wire type of the context.</summary>
    public JsonSerializerOptions Options { get; }

    public JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    public string Serialize<T>(T value) => JsonSerializer.Serialize(value, Info<T>());

    public byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Info<T>());

    public T? Deserialize<T>(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize(utf8, Info<T>());

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
