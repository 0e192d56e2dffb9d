using System.Text.Encodings.Web;
using System.Text.Json;
using Argus.Core.Tracking.Rest;

namespace Argus.Cli.Output;

/// <summary>Writes tracking wire types as MLflow writes them (<see cref="TrackingJson"/>), indented for reading.</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task WriteAsync<T>(TextWriter writer, T value, CancellationToken cancellationToken)
    {
        // Serialize with the wire options first so the shape is exactly the REST API's, then indent.
        using var document = JsonDocument.Parse(TrackingJson.SerializeToUtf8Bytes(value));
        using var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            document.WriteTo(json);
        }

        await writer.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).AsMemory(), cancellationToken).ConfigureAwait(false);
    }
}
