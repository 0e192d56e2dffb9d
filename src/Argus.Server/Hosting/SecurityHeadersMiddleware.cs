using Microsoft.Net.Http.Headers;

namespace Argus.Server.Hosting;

/// <summary>
/// Headers every reply carries unless its endpoint set its own (the web UI's pages and the serving form do):
/// <c>X-Content-Type-Options: nosniff</c>, so a browser never reads a JSON reply or an artifact as another type, and
/// <see cref="DefaultContentSecurityPolicy"/>, so an HTML or SVG artifact opened on its own is shown as a sandboxed
/// document of no origin — its scripts never run with this server's rights — and no reply can be framed by another site.
/// Set when the reply starts, so error replies (whose headers the error handler clears) carry them too.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>Nothing loads and nothing runs; inline styles and data: images show, as in Argus's HTML reports.</summary>
    public const string DefaultContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            if (!headers.ContainsKey(HeaderNames.XContentTypeOptions))
            {
                headers.XContentTypeOptions = "nosniff";
            }

            if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = DefaultContentSecurityPolicy;
            }

            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }
}
