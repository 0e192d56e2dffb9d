using System.Buffers;
using System.Diagnostics;
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

    /// <summary>The response header naming the model version that answered.</summary>
    internal const string VersionHeader = "X-Argus-Model-Version";

    private static readonly SearchValues<char> RequestIdChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:");

    public static IEndpointRouteBuilder MapScoringEndpoints(this IEndpointRouteBuilder app)
    {
        // Every service here is a singleton: resolved once, so a request never opens a DI scope.
        var services = app.ServiceProvider;
        var scoring = new Scoring(
            services.GetRequiredService<ModelHost>(),
            services.GetRequiredService<ServingOptions>(),
            services.GetRequiredService<ServingMetrics>(),
            services.GetService<InferenceLogWriter>());
        app.MapGet("/ping", (RequestDelegate)scoring.Ping);
        app.MapGet("/health", (RequestDelegate)scoring.Ping);
        app.MapGet("/version", static context => context.Response.WriteAsync(ArgusServer.Version, context.RequestAborted));
        app.MapPost("/invocations", (RequestDelegate)scoring.InvokeAsync);
        return app;
    }

    private sealed class Scoring(ModelHost host, ServingOptions options, ServingMetrics metrics, InferenceLogWriter? log)
    {
        public Task Ping(HttpContext context)
        {
            context.Response.StatusCode = host.Current is not null ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
            return context.Response.WriteAsync("\n", context.RequestAborted);
        }

        public async Task InvokeAsync(HttpContext context)
        {
            var started = Stopwatch.GetTimestamp();
            var model = host.Current ?? throw new ArgusException(ErrorCode.TemporarilyUnavailable, "No model is loaded yet.");
            var csv = IsCsv(context.Request.ContentType);
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

                // The answer goes into a pooled buffer first, so it is sent with its Content-Length (not chunked).
                var answer = ArrayPool<byte>.Shared.Rent(model.MaxAnswerBytes(outputs.Length));
                ReadOnlyMemory<byte> outputsJson;
                try
                {
                    var length = model.WriteAnswer(outputs, answer);
                    response.ContentLength = length;
                    response.BodyWriter.Write(answer.AsSpan(0, length));
                    outputsJson = log is null ? default : model.OutputsJson(answer.AsSpan(0, length));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(answer);
                }

                var elapsed = Stopwatch.GetElapsedTime(started);
                metrics.Answered(model, outputs, batch.Rows, elapsed);
                if (log is not null)
                {
                    // Full buffer: wait at most briefly, then drop and count (InferenceLogOptions.MaxBlock); never fail the request.
                    await log.WriteAsync(new InferenceRecord
                    {
                        RequestId = requestId,
                        Timestamp = options.TimeProvider.GetUtcNow(),
                        Model = model.Name,
                        Version = model.Version,
                        Columns = model.Schema.Names,
                        Inputs = model.InputsJson(batch, body.Span),
                        InputsChecked = true,
                        Outputs = outputs,
                        OutputsJson = outputsJson,
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
    }

    /// <summary>Whether a scoring body is CSV: application/json or text/csv, with at most a utf-8 charset; anything else is 415, as MLflow answers.</summary>
    internal static bool IsCsv(string? contentType)
    {
        if (string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

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
        if (given.Count == 1 && given[0] is { Length: > 0 and <= 128 } id && !id.AsSpan().ContainsAnyExcept(RequestIdChars))
        {
            return id;
        }

        return Guid.CreateVersion7().ToString("N");
    }
}
