using System.Text.Json;
using Argus.Core.Errors;
using Argus.Core.Inference;
using Argus.Server.Hosting;

namespace Argus.Server.Serving;

/// <summary>
/// <c>POST /feedback</c>: ground truth for earlier predictions, by request id — one object or a list of them:
/// <c>{"request_id": "…", "actual": 3.5}</c> (a number or a label, or a list with one per row of the request),
/// with an optional <c>"row"</c> for one row of a multi-row request. Stored durably (fsynced) before the reply.
/// </summary>
internal static class FeedbackEndpoint
{
    private const long MaxBodyBytes = 8L * 1024 * 1024;

    public static IEndpointRouteBuilder MapFeedbackEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/feedback", FeedbackAsync);
        return app;
    }

    private static async Task FeedbackAsync(HttpContext context)
    {
        var log = context.RequestServices.GetService<FeedbackLog>()
            ?? throw new ArgusException(ErrorCode.NotImplemented, "This server keeps no inference log, so there is nothing to attach feedback to. Start it with an inference log.");
        var model = context.RequestServices.GetRequiredService<ModelHost>().Current
            ?? throw new ArgusException(ErrorCode.TemporarilyUnavailable, "No model is loaded yet.");
        var now = context.RequestServices.GetRequiredService<ServingOptions>().TimeProvider.GetUtcNow();
        List<FeedbackRecord> records = [];
        using (var body = await ApiRequest.ReadBodyAsync(context, MaxBodyBytes).ConfigureAwait(false))
        {
            try
            {
                using var json = JsonDocument.Parse(body.Span.ToArray());
                var root = json.RootElement;
                if (root.ValueKind == JsonValueKind.Array)
                {
                    var i = 0;
                    foreach (var item in root.EnumerateArray())
                    {
                        records.Add(Record(item, now, $"[{i++}]"));
                    }
                }
                else
                {
                    records.Add(Record(root, now, "body"));
                }
            }
            catch (JsonException e)
            {
                throw new ArgusException(ErrorCode.BadRequest, $"The feedback body is not valid JSON: {e.Message}");
            }
            catch (InvalidOperationException)
            {
                // JsonDocument checks a string's UTF-8 and its \u escapes only when it decodes it, and throws this then.
                throw new ArgusException(ErrorCode.BadRequest, "The feedback body is not valid JSON: a string holds bytes that are not UTF-8 or an unpaired \\u surrogate escape.");
            }
        }

        if (records.Count == 0)
        {
            throw new ArgusException(ErrorCode.BadRequest, "The feedback body holds no records.");
        }

        await log.AppendAsync(model.Name, records, context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"accepted\":{records.Count}}}", context.RequestAborted).ConfigureAwait(false);
    }

    private static FeedbackRecord Record(JsonElement item, DateTimeOffset now, string where)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new ArgusException(ErrorCode.BadRequest, $"Feedback {where} must be an object with 'request_id' and 'actual'.");
        }

        var requestId = item.TryGetProperty("request_id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } text
            ? text
            : throw new ArgusException(ErrorCode.BadRequest, $"Feedback {where} needs a non-empty string 'request_id'.");
        if (!item.TryGetProperty("actual", out var actual))
        {
            throw new ArgusException(ErrorCode.BadRequest, $"Feedback {where} needs 'actual': the true value (or a list, one per row).");
        }

        List<FeedbackValue> values = [];
        foreach (var value in actual.ValueKind == JsonValueKind.Array ? actual.EnumerateArray() : new[] { actual }.AsEnumerable())
        {
            values.Add(value.ValueKind switch
            {
                JsonValueKind.Number => FeedbackValue.FromNumber(value.GetDouble()),
                JsonValueKind.String => FeedbackValue.FromLabel(value.GetString()!),
                _ => throw new ArgusException(ErrorCode.BadRequest, $"Feedback {where}: 'actual' holds a {value.ValueKind.ToString().ToLowerInvariant()}; give numbers or labels."),
            });
        }

        int? row = item.TryGetProperty("row", out var r)
            ? r.ValueKind == JsonValueKind.Number && r.TryGetInt32(out var n) && n >= 0 ? n : throw new ArgusException(ErrorCode.BadRequest, $"Feedback {where}: 'row' must be a row index (0 or more).")
            : null;
        return new FeedbackRecord(requestId, now, values, row);
    }
}
