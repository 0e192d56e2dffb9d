using Argus.Core.Artifacts;
using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Rest;
using Argus.Server.Hosting;
using Microsoft.AspNetCore.StaticFiles;

namespace Argus.Server.Endpoints;

/// <summary>
/// Artifacts: the tracking-side listing (<c>artifacts/list</c>), the UI download route
/// (<c>/get-artifact</c>), and the proxied artifact service (<c>/api/2.0/mlflow-artifacts/artifacts</c>:
/// upload, download, list, delete), so clients never need storage credentials.
/// </summary>
public static class ArtifactEndpoints
{
    private const string ProxyRoute = "/api/2.0/mlflow-artifacts/artifacts";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapArtifactEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in TrackingEndpoints.Prefixes)
        {
            app.MapGet(prefix + "/artifacts/list", ListRunArtifacts);
        }

        app.MapGet("/get-artifact", GetRunArtifact);
        app.MapGet(ProxyRoute, ListProxied);
        app.MapGet(ProxyRoute + "/{**path}", DownloadProxied);
        app.MapPut(ProxyRoute + "/{**path}", UploadProxied);
        app.MapDelete(ProxyRoute + "/{**path}", DeleteProxied);
        return app;
    }

    private static ArtifactStorage Storage(HttpContext context) => context.RequestServices.GetRequiredService<ArtifactStorage>();

    private static async Task ListRunArtifacts(HttpContext context)
    {
        var runId = ApiRequest.Required(ApiRequest.Query(context, "run_id") ?? ApiRequest.Query(context, "run_uuid"), "run_id");
        var path = ArtifactPaths.Normalize(ApiRequest.Query(context, "path"));
        var run = await context.RequestServices.GetRequiredService<ITrackingStore>().GetRunAsync(runId, context.RequestAborted).ConfigureAwait(false);
        var repository = Storage(context).For(run.Info.ArtifactUri);
        var files = await repository.ListAsync(path, context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.JsonAsync(context, new ListArtifactsResponse(run.Info.ArtifactUri, files)).ConfigureAwait(false);
    }

    private static async Task GetRunArtifact(HttpContext context)
    {
        var runId = ApiRequest.Required(ApiRequest.Query(context, "run_id") ?? ApiRequest.Query(context, "run_uuid"), "run_id");
        var path = ArtifactPaths.Normalize(ApiRequest.Required(ApiRequest.Query(context, "path"), "path"));
        var run = await context.RequestServices.GetRequiredService<ITrackingStore>().GetRunAsync(runId, context.RequestAborted).ConfigureAwait(false);
        await SendFileAsync(context, Storage(context).For(run.Info.ArtifactUri), path).ConfigureAwait(false);
    }

    private static async Task ListProxied(HttpContext context)
    {
        var path = ArtifactPaths.Normalize(ApiRequest.Query(context, "path"));
        var files = await Storage(context).Proxy.ListAsync(path, context.RequestAborted).ConfigureAwait(false);

        // MLflow lists proxied entries relative to the listed directory.
        var prefix = path.Length == 0 ? 0 : path.Length + 1;
        var relative = files.Select(f => f with { Path = f.Path[prefix..] }).ToList();
        await ApiResponse.JsonAsync(context, new ListArtifactsResponse(null, relative)).ConfigureAwait(false);
    }

    private static Task DownloadProxied(HttpContext context) =>
        SendFileAsync(context, Storage(context).Proxy, ArtifactPaths.Normalize(RoutePath(context)));

    private static async Task UploadProxied(HttpContext context)
    {
        var path = ArtifactPaths.Normalize(RoutePath(context));
        var limit = context.RequestServices.GetRequiredService<ArgusServerOptions>().MaxArtifactBytes;
        if (context.Request.ContentLength > limit)
        {
            throw new ArgusException(ErrorCode.RequestTooLarge, $"Artifact '{path}' is larger than the limit of {limit} bytes.");
        }

        await Storage(context).Proxy.WriteAsync(path, context.Request.Body, limit, context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task DeleteProxied(HttpContext context)
    {
        await Storage(context).Proxy.DeleteAsync(ArtifactPaths.Normalize(RoutePath(context)), context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.EmptyAsync(context).ConfigureAwait(false);
    }

    private static string RoutePath(HttpContext context) =>
        Uri.UnescapeDataString(context.Request.RouteValues["path"] as string ?? string.Empty);

    private static async Task SendFileAsync(HttpContext context, IArtifactRepository repository, string path)
    {
        await using var stream = await repository.OpenReadAsync(path, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = ContentTypes.TryGetContentType(path, out var type) ? type : "application/octet-stream";
        if (stream.CanSeek)
        {
            context.Response.ContentLength = stream.Length;
        }

        await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }
}
