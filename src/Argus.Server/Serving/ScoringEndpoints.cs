using System.Diagnostics;
using System.Text.Json;
using Argus.Core.Errors;
using Argus.Core.Inference;
using Argus.Server.Hosting;
using Microsoft.Net.Http.Headers;

namespace Argus.Server.Serving;

/// <summary>
/// MLflow's scoring protocol: <c>GET /ping</c> and <c>/health</c> (200 with "\n" once a model is loaded, else
/// 404), <c>GET /version</c>, and <c>POST /invocations</c> taking <c>application/json</c> or <c>text/csv</c>
/// (charset utf-8 only; anything else 415) and answering <c>{"predictions": [...]}</c>. Each answer names the
/// version that made it (<c>X-Argus-Model-Version</c>) and carries a request id (<c>X-Request-Id</c>: the
/// caller's, when it sends a usable one) to attach ground truth to later.
/// </summary>
internal static class ScoringEndpoints
{
    private const string RequestIdHeader = "X-Request-Id";
    private const string VersionHeader = "X-Argus-Model-Version";

    public static IEndpointRouteBuilder MapScoringEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ping", Ping);
        app.MapGet("/health", Ping);
        app.MapGet("/version", static context => context.Response.WriteAsync(ArgusServer.Version, context.RequestAborted));
        app.MapPost("/invocations", InvokeAsync);
        return app;
    }

    private static Task Ping(HttpContext context)
    {
        var loaded = context.RequestServices.GetRequiredService<ModelHost>().Current is not null;
        context.Response.StatusCode = loaded ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
        return context.Response.WriteAsync("\n", context.RequestAborted);
    }

    private static async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var services = context.RequestServices;
        var model = services.GetRequiredService<ModelHost>().Current
            ?? throw new ArgusException(ErrorCode.TemporarilyUnavailable, "No model is loaded yet.");
        var csv = IsCsv(context.Request.ContentType);
        var options = services.GetRequiredService<ServingOptions>();
        var metrics = services.GetRequiredService<ServingMetrics>();
        try
        {
            using var body = await ApiRequest.ReadBodyAsync(context, options.MaxBodyBytes).ConfigureAwait(false);
            using var batch = csv ? ScoringInput.ParseCsv(body.Span, model.Schema) : ScoringInput.ParseJson(body.Span, model.Schema);
            var outputs = model.Predict(batch);
            metrics.CountMissing(model, batch);
            var requestId = RequestId(context);
            var response = context.Response;
            response.ContentType = "application/json";
            response.Headers[VersionHeader] = model.Version;
            response.Headers[RequestIdHeader] = requestId;
            using (var writer = new Utf8JsonWriter(response.BodyWriter))
            {
                writer.WriteStartObject();
                model.WritePredictions(writer, outputs);
                writer.WriteEndObject();
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            metrics.Answered(model, outputs, batch.Rows, elapsed);
            if (services.GetService<InferenceLogWriter>() is { } log)
            {
                // Full buffer: wait at most briefly, then drop and count (InferenceLogOptions.MaxBlock); never fail the request.
                await log.WriteAsync(new InferenceRecord
                {
                    RequestId = requestId,
                    Timestamp = options.TimeProvider.GetUtcNow(),
                    Model = model.Name,
                    Version = model.Version,
                    Columns = model.Schema.Names,
                    Inputs = model.InputsJson(batch),
                    Outputs = outputs,
                    OutputWidth = model.OutputsPerRow,
                    LatencyMicroseconds = (long)elapsed.TotalMicroseconds,
                }).ConfigureAwait(false);
            }

            await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (ArgusException e)
        {
            metrics.Failed(model, e.Code.HttpStatus(), Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    // application/json or text/csv, with at most a utf-8 charset; anything else is 415, as MLflow answers.
    private static bool IsCsv(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            throw Unsupported(contentType);
        }

        foreach (var parameter in media.Parameters)
        {
            if (!parameter.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)
                || !(parameter.Value.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || parameter.Value.Equals("\"utf-8\"", StringComparison.OrdinalIgnoreCase)))
            {
                throw Unsupported(contentType);
            }
        }

        return media.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)
            || (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ? false : throw Unsupported(contentType));
    }

    private static ArgusException Unsupported(string? contentType) => new(ErrorCode.UnsupportedMediaType,
        $"This predictor only supports the following content types: ['text/csv', 'application/json'] (charset utf-8); got '{contentType}'.");

    // The caller's id when it is short and plain (it is echoed in a header and logged), else a new one.
    private static string RequestId(HttpContext context)
    {
        var given = context.Request.Headers[RequestIdHeader];
        if (given.Count == 1 && given[0] is { Length: > 0 and <= 128 } id && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
        {
            return id;
        }

        return Guid.CreateVersion7().ToString("N");
    }
}
