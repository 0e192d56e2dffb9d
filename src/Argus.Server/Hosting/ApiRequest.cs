using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Rest;
using Microsoft.Net.Http.Headers;

namespace Argus.Server.Hosting;

/// <summary>Reads MLflow-style requests: JSON bodies with a size limit, and query parameters.</summary>
internal static class ApiRequest
{
    /// <summary>
    /// Reads and parses a JSON body. Requires <c>Content-Type: application/json</c> (as MLflow does),
    /// answers 413 past <paramref name="limit"/> bytes, and reports malformed JSON or wrong types
    /// with the JSON path at fault.
    /// </summary>
    public static async Task<T> ReadJsonAsync<T>(HttpContext context, long limit)
        where T : class
    {
        RequireJsonContentType(context.Request);
        using var body = await ReadBodyAsync(context, limit).ConfigureAwait(false);
        return body.Length == 0 ? Parse<T>("{}"u8) : Parse<T>(body.Span);
    }

    /// <summary>Requires <c>Content-Type: application/json</c>, as MLflow does for request bodies.</summary>
    public static void RequireJsonContentType(HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.ContentType))
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, "Bad Request. Content-Type header is missing.");
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) ||
            !string.Equals(mediaType.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, $"Bad Request. Content-Type must be one of ['application/json'], got '{request.ContentType}'.");
        }
    }

    /// <summary>
    /// Reads the whole body through the request's <see cref="System.IO.Pipelines.PipeReader"/>, without copying it when
    /// it arrived in one buffer (dispose the result to release it); 413 past <paramref name="limit"/> bytes.
    /// </summary>
    public static async Task<PooledBody> ReadBodyAsync(HttpContext context, long limit)
    {
        var request = context.Request;
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.End);
                throw TooLarge(limit);
            }

            if (result.IsCompleted)
            {
                return new PooledBody(reader, buffer);
            }

            // Not all there yet: keep it all, wait for more.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    internal static T Parse<T>(ReadOnlySpan<byte> utf8)
        where T : class => Parse(utf8, TrackingJson.Info<T>());

    /// <summary>
    /// Parses a request body with <paramref name="info"/> (tracking or registry JSON): malformed JSON is
    /// BAD_REQUEST, a wrong type INVALID_PARAMETER_VALUE, both with the JSON path at fault.
    /// </summary>
    internal static T Parse<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> info)
        where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize(utf8, info) ?? throw new ArgusException(ErrorCode.BadRequest, "The request body must be a JSON object.");
            RejectNullListItems(utf8);
            return value;
        }
        catch (JsonException e)
        {
            var where = e.Path is null ? string.Empty : $" at '{e.Path}'";
            var syntax = e.InnerException is not null && e.InnerException.GetType().Name == "JsonReaderException";
            throw syntax
                ? new ArgusException(ErrorCode.BadRequest, $"Malformed JSON in the request body{where} (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).")
                : new ArgusException(ErrorCode.InvalidParameterValue, $"Invalid value in the request body{where}: the value has the wrong type for this field.");
        }
    }

    /// <summary>
    /// Refuses <c>null</c> as an item of a list (<c>"tags": [null]</c>), as MLflow's protobuf parser does: the request
    /// records hold lists of non-null items, and every handler relies on that. Runs on a body already parsed, so it
    /// sees valid JSON.
    /// </summary>
    private static void RejectNullListItems(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);

        // Per depth: whether the container is a list, and the property that holds it (a range of the body, past the
        // opening quote, decoded only for the message). The serializer stops at 64 levels, so a parsed body is never deeper.
        Span<bool> isList = stackalloc bool[66];
        Span<Range> holder = stackalloc Range[66];
        var depth = 0;
        var property = default(Range);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray or JsonTokenType.StartObject:
                    depth = Math.Min(depth + 1, isList.Length - 1);
                    isList[depth] = reader.TokenType == JsonTokenType.StartArray;
                    holder[depth] = property;
                    property = default;
                    break;
                case JsonTokenType.EndArray or JsonTokenType.EndObject:
                    depth--;
                    break;
                case JsonTokenType.PropertyName:
                    property = new Range((int)reader.TokenStartIndex + 1, (int)reader.TokenStartIndex + 1 + reader.ValueSpan.Length);
                    break;
                case JsonTokenType.Null when isList[depth]:
                    var name = System.Text.Encoding.UTF8.GetString(utf8[holder[depth]]);
                    throw ArgusException.InvalidParameter(
                        $"Invalid value in the request body: {(name.Length == 0 ? "a list" : $"'{ErrorText.Shorten(name, ErrorText.MaxQuoted)}'")} holds null; leave the item out instead.");
                default:
                    property = default;
                    break;
            }
        }
    }

    public static string? Query(HttpContext context, string name)
    {
        var values = context.Request.Query[name];
        return values.Count == 0 ? null : values[^1];
    }

    public static IReadOnlyList<string> QueryAll(HttpContext context, string name) =>
        context.Request.Query[name].Where(v => v is not null).Select(v => v!).ToList();

    public static int? QueryInt(HttpContext context, string name)
    {
        var text = Query(context, name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ArgusException.InvalidParameter($"Invalid value \"{text}\" for parameter '{name}' supplied: expected an integer.");
    }

    public static string Required(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw ArgusException.MissingParameter(name) : value;

    /// <summary>The last value of query parameter <paramref name="name"/>; missing or empty is an error.</summary>
    public static string QueryRequired(HttpContext context, string name) => Required(Query(context, name), name);

    /// <summary>Tags as a request carries them; a missing key or value is an error, as in MLflow.</summary>
    public static List<Tag> Tags(IReadOnlyList<KeyValueMessage>? tags) => Tags(tags, t => t.Key, t => t.Value);

    /// <summary>Tags as a request carries them; a missing key or value is an error, as in MLflow.</summary>
    public static List<Tag> Tags(IReadOnlyList<Tag>? tags) => Tags(tags, t => t.Key, t => t.Value);

    private static List<Tag> Tags<TMessage>(IReadOnlyList<TMessage>? tags, Func<TMessage, string?> key, Func<TMessage, string?> value) =>
        (tags ?? []).Select(t => new Tag(
            key(t) ?? throw ArgusException.InvalidParameter("A key name must be provided for every tag."),
            value(t) ?? throw ArgusException.MissingParameter("tags.value"))).ToList();

    private static ArgusException TooLarge(long limit) =>
        new(ErrorCode.RequestTooLarge, $"The request body exceeds the limit of {limit.ToString(CultureInfo.InvariantCulture)} bytes.");
}
