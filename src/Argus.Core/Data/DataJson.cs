using System.Text.Json;
using System.Text.Json.Serialization;

namespace Argus.Core.Data;

/// <summary>The one JSON shape of the data layer: snake_case names, enums as snake_case strings.</summary>
internal static class DataJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
