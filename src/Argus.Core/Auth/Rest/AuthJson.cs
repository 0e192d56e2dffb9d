using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Argus.Core.Tracking.Rest;

namespace Argus.Core.Auth.Rest;

/// <summary>JSON for the auth routes: snake_case, unset fields omitted, as the tracking and registry replies; empty lists written.</summary>
public static class AuthJson
{
    // Empty lists are written: MLflow's auth client reads a user's permission lists as always present.
    private static readonly ProtoJson Json = new(AuthJsonContext.Default, omitEmptyCollections: false);

    public static JsonSerializerOptions Options => Json.Options;

    public static JsonTypeInfo<T> Info<T>() => Json.Info<T>();

    public static byte[] SerializeToUtf8Bytes<T>(T value) => Json.SerializeToUtf8Bytes(value);

    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8) => Json.Deserialize<T>(utf8);
}
