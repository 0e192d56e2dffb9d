using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Http;

namespace Argus.Core.Artifacts;

/// <summary>
/// Finds the repository for an artifact URI: <c>file://</c> and plain paths are local;
/// <c>mlflow-artifacts:/</c> goes to the server's artifact destination (server side) or through the
/// server's proxy routes (client side).
/// </summary>
public static class ArtifactRepositories
{
    public const string ProxyScheme = "mlflow-artifacts:";

    /// <param name="artifactUri">A run's or experiment's artifact URI.</param>
    /// <param name="store">The tracking store in use: an HTTP store makes proxied URIs reachable.</param>
    /// <param name="proxyDestination">On the server: the directory <c>mlflow-artifacts:/</c> maps to.</param>
    public static IArtifactRepository For(string artifactUri, ITrackingStore? store, string? proxyDestination = null)
    {
        if (artifactUri.StartsWith(ProxyScheme, StringComparison.OrdinalIgnoreCase))
        {
            var relative = ArtifactPaths.Normalize(ProxyPath(artifactUri));
            if (proxyDestination is not null)
            {
                return new LocalArtifactRepository(relative.Length == 0 ? proxyDestination : Path.Combine(proxyDestination, relative));
            }

            if (store is HttpTrackingStore http)
            {
                return new HttpArtifactRepository(http, relative);
            }

            throw ArgusException.InvalidParameter(
                $"Artifact URI '{artifactUri}' is served by a tracking server; set the tracking URI to that server (http://…) to read or write it.");
        }

        if (artifactUri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return new LocalArtifactRepository(new Uri(artifactUri).LocalPath);
        }

        if (artifactUri.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgusException(ErrorCode.NotImplemented, $"No artifact repository for '{artifactUri}'. Supported: file:// paths and mlflow-artifacts:/ through a server.");
        }

        return new LocalArtifactRepository(artifactUri);
    }

    /// <summary>The path part of <c>mlflow-artifacts:/a/b</c> or <c>mlflow-artifacts://host/a/b</c>.</summary>
    public static string ProxyPath(string uri)
    {
        var rest = uri[ProxyScheme.Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = rest.IndexOf('/', 2);
            rest = slash < 0 ? string.Empty : rest[slash..];
        }

        return rest.Trim('/');
    }
}
