using System.Net.Http.Headers;
using Argus.Core.Tracking.Http;
using Argus.Core.Tracking.Rest;

namespace Argus.Core.Artifacts;

/// <summary>
/// Artifacts behind a tracking server's proxied artifact routes (<c>mlflow-artifacts:/</c> URIs),
/// so clients need no access to the storage itself.
/// </summary>
public sealed class HttpArtifactRepository(HttpTrackingStore server, string basePath) : IArtifactRepository
{
    private const string Route = "api/2.0/mlflow-artifacts/artifacts";

    private readonly string _basePath = ArtifactPaths.Normalize(basePath);

    public string RootUri => "mlflow-artifacts:/" + _basePath;

    public async Task<IReadOnlyList<ArtifactFile>> ListAsync(string path, CancellationToken cancellationToken)
    {
        var relative = ArtifactPaths.Normalize(path);
        var full = ArtifactPaths.Join(_basePath, relative);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUri, $"{Route}?path={Uri.EscapeDataString(full)}"));
        using var response = await server.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var listing = TrackingJson.Deserialize<ListArtifactsResponse>(bytes);
        return (listing?.Files ?? []).Select(f => f with { Path = ArtifactPaths.Join(relative, f.Path) }).ToList();
    }

    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, FileUri(path));
        var response = await server.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> WriteAsync(string path, Stream content, long? maxBytes, CancellationToken cancellationToken)
    {
        using var body = new StreamContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Put, FileUri(path)) { Content = body };
        using var response = await server.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return content.CanSeek ? content.Length : -1;
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, FileUri(path));
        using var response = await server.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private Uri FileUri(string path)
    {
        var full = ArtifactPaths.Join(_basePath, ArtifactPaths.Normalize(path));
        var escaped = string.Join('/', full.Split('/').Select(Uri.EscapeDataString));
        return new Uri(server.BaseUri, $"{Route}/{escaped}");
    }
}
