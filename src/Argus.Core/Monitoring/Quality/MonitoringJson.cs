using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Argus.Core.Monitoring.Quality;

/// <summary>
/// The one JSON shape of monitoring results (quality, performance, suites): snake_case names, enums as snake_case
/// strings, NaN and ±inf as <c>null</c>, nulls written out so every report has the same keys.
/// </summary>
internal static class MonitoringJson
{
    // Reports are JSON documents, not HTML: keep '>', '±' and non-ASCII labels readable instead of \uXXXX-escaping them.
    public static JsonSerializerOptions Options { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new NonFiniteAsNullConverter() },
    };
}
