using Argus.Core.Errors;
using Argus.Core.Tracking.Rest;

namespace Argus.Server.Hosting;

/// <summary>
/// The one place failures become HTTP: <see cref="ArgusException"/> by its code's status, an oversize
/// body as 413, a body arriving too slowly as 408, anything else as a 500 that says nothing internal (no
/// exception, SQL or path: the log has them). Bodies are MLflow's <c>{"error_code", "message"}</c>.
/// </summary>
internal sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (ArgusException e)
        {
            ServerLog.RequestFailed(logger, context.Request.Method, context.Request.Path, e.Code.WireName(), e.Message);
            await WriteErrorAsync(context, e.Code, e.Message, e.RetryAfter).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteErrorAsync(context, ErrorCode.RequestTooLarge, "The request body is larger than this server accepts.").ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            await WriteErrorAsync(context, ErrorCode.RequestTimeout, "The request body arrived too slowly.").ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            await WriteErrorAsync(context, ErrorCode.BadRequest, e.Message).ConfigureAwait(false);
        }
        catch (Exception e) when (StorageFailures.IsDatabaseUnavailable(e))
        {
            // The database restarting or out of connections: clients try again (MLflow clients retry a 503 on their own).
            ServerLog.DatabaseUnavailable(logger, context.Request.Method, context.Request.Path, e.Message);
            await WriteErrorAsync(context, ErrorCode.TemporarilyUnavailable, "The tracking database is unavailable right now. Retry shortly.", retryAfter: TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception e)
        {
            ServerLog.Unhandled(logger, e, context.Request.Method, context.Request.Path);
            await WriteErrorAsync(context, ErrorCode.InternalError, "Internal server error. The server log has the details.").ConfigureAwait(false);
        }
    }

    // After an error the handler may not have read the body; Kestrel then drains it, but only up to its size limit, and
    // closes the connection when there may be more (a larger declared length, or a chunked body of unknown length).
    private static bool BodyMayBeLeftUnread(HttpRequest request)
    {
        var limit = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        return request.ContentLength is { } length
            ? limit is { } max && length > max
            : request.Headers.TransferEncoding.Count > 0;
    }

    /// <summary>
    /// Writes the error body. UNAUTHENTICATED carries <c>WWW-Authenticate: Basic realm="argus"</c>, except to the web UI
    /// (<c>X-Requested-With: XMLHttpRequest</c>), where it would open the browser's own password prompt; a rate limit
    /// carries <c>Retry-After</c>.
    /// </summary>
    public static async Task WriteErrorAsync(HttpContext context, ErrorCode code, string message, TimeSpan? retryAfter = null)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = code.HttpStatus();
        if (code == ErrorCode.Unauthenticated
            && !string.Equals(context.Request.Headers.XRequestedWith, "XMLHttpRequest", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"argus\"";
        }

        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "application/json";
        if (HttpProtocol.IsHttp11(context.Request.Protocol) && (code is ErrorCode.RequestTooLarge or ErrorCode.RequestTimeout || BodyMayBeLeftUnread(context.Request)))
        {
            // The rest of the body will not be read, so the connection cannot carry another request: say so, or a
            // client that reuses it loses its next request when the server closes it.
            context.Response.Headers.Connection = "close";
        }

        await context.Response.Body.WriteAsync(TrackingJson.SerializeToUtf8Bytes(new ErrorResponse(code.WireName(), message))).ConfigureAwait(false);
    }
}
