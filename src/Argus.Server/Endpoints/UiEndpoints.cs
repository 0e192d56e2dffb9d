using System.Globalization;
using Argus.Core.Errors;
using Argus.Server.Hosting;
using Microsoft.AspNetCore.StaticFiles;

namespace Argus.Server.Endpoints;

/// <summary>
/// The web UI, served by the fallback so that it never shadows a mapped route: the built files of <c>wwwroot</c>
/// (web/ bundled by scripts/build-web.sh), <c>index.html</c> for <c>/</c> and for every other extension-less path
/// outside the API prefixes (the single-page app routes itself), and the JSON 404 for everything else.
/// </summary>
internal static class UiEndpoints
{
    /// <summary>Paths the UI never answers, whether or not a route below them exists.</summary>
    private static readonly string[] ReservedPrefixes = ["/api", "/ajax-api", "/metrics", "/health", "/serving", "/version", "/get-artifact"];

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private const string NotBuiltPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Argus: web UI not built</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
        <h1>The Argus web UI has not been built</h1>
        <p>The API works (<a href="/health">/health</a>). To build the UI, run <code>scripts/build-web.sh</code>
        (or <code>scripts/setup.sh</code>) in the Argus repository, then rebuild or restart <code>argus server</code>.</p>
        </body></html>
        """;

    /// <summary>Where the built UI is looked for when the options name no folder: <c>wwwroot</c> beside the executable.</summary>
    public static string DefaultWebRoot => Path.Combine(AppContext.BaseDirectory, "wwwroot");

    /// <summary>Maps the fallback route: UI files and app paths for GET and HEAD, the JSON 404 otherwise.</summary>
    public static IEndpointRouteBuilder MapUiFallback(this IEndpointRouteBuilder app)
    {
        // "{**path}" rather than the default "{*path:nonfile}", so unknown paths with a dot reach it too.
        app.MapFallback("{**path}", HandleAsync);
        return app;
    }

    private static Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && !IsReserved(path))
        {
            SecurityHeaders(context.Response);
            var root = Path.GetFullPath(context.RequestServices.GetRequiredService<ArgusServerOptions>().WebRoot ?? DefaultWebRoot);
            var lastSegment = path[(path.LastIndexOf('/') + 1)..];
            if (!lastSegment.Contains('.', StringComparison.Ordinal))
            {
                return SendIndexAsync(context, root);
            }

            if (ResolveFile(root, path) is { } file)
            {
                // app.js and app.css are asked for with their content hash in ?v=; chunks carry it in their names.
                var immutable = request.Query.ContainsKey("v") || path.StartsWith("/chunks/", StringComparison.Ordinal);
                return SendFileAsync(context, file, immutable ? "public, max-age=31536000, immutable" : "no-cache");
            }
        }

        return ErrorHandlingMiddleware.WriteErrorAsync(context, ErrorCode.EndpointNotFound, $"No endpoint {request.Method} {request.Path}.");
    }

    internal static bool IsReserved(string path)
    {
        foreach (var prefix in ReservedPrefixes)
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && (path.Length == prefix.Length || path[prefix.Length] == '/'))
            {
                return true;
            }
        }

        return false;
    }

    private static FileInfo? ResolveFile(string root, string path)
    {
        var relative = Uri.UnescapeDataString(path.TrimStart('/'));
        if (relative.Length == 0 || relative.Split('/').Any(s => s.Length == 0 || s.StartsWith('.')))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(root, relative));
        var file = new FileInfo(full);
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && file.Exists ? file : null;
    }

    private static async Task SendIndexAsync(HttpContext context, string root)
    {
        var index = new FileInfo(Path.Combine(root, "index.html"));
        if (index.Exists)
        {
            await SendFileAsync(context, index, "no-cache").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.WriteAsync(NotBuiltPage, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The app's page may load only its own script, styles and API; reports shown in sandboxed frames inherit the policy
    /// (inline styles and data: images allowed, no script anywhere else); no other site may frame the app.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "connect-src 'self'; font-src 'self'; frame-src 'self' about:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The headers of everything the UI serves: the policy above, no framing (also for browsers that ignore
    /// frame-ancestors), no sniffing, no referrer sent to other sites, and a browsing context of its own (a page
    /// opened from another site gets no handle on the app's window).
    /// </summary>
    private static void SecurityHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }

    private static async Task SendFileAsync(HttpContext context, FileInfo file, string cacheControl)
    {
        var response = context.Response;
        var etag = string.Create(CultureInfo.InvariantCulture, $"\"{file.LastWriteTimeUtc.Ticks:x}-{file.Length:x}\"");
        response.Headers.CacheControl = cacheControl;
        response.Headers.ETag = etag;
        if (context.Request.Headers.IfNoneMatch.Contains(etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        var type = ContentTypes.TryGetContentType(file.Name, out var known) ? known : "application/octet-stream";
        response.ContentType = type.StartsWith("text/", StringComparison.Ordinal) || type is "application/javascript" or "text/javascript"
            ? type + "; charset=utf-8"
            : type;
        response.ContentLength = file.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.SendFileAsync(file.FullName, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
