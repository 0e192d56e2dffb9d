using Argus.Core.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace Argus.Server.Hosting;

/// <summary>
/// Rejects request targets with "." or ".." path segments (raw or %2E-encoded). Kestrel would
/// otherwise resolve them before routing, so <c>PUT …/a/../b</c> would silently write <c>b</c>;
/// a client naming such a path gets INVALID_PARAMETER_VALUE instead, as MLflow answers.
/// </summary>
internal sealed class DotSegmentGuardMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        var end = raw.IndexOfAny(['?', '#']);
        var path = end < 0 ? raw : raw[..end];
        foreach (var segment in path.Split('/'))
        {
            var decoded = segment.Replace("%2E", ".", StringComparison.OrdinalIgnoreCase);
            if (decoded is "." or "..")
            {
                throw ArgusException.InvalidParameter(
                    $"Invalid path '{Uri.UnescapeDataString(path)}': '.' and '..' segments are not allowed.");
            }
        }

        return next(context);
    }
}
