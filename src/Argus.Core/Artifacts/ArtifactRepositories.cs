using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Http;

namespace Argus.Core.Artifacts;

/// <summary>
/// Finds the repository for an artifact URI: <c>file://</c> and plain paths are local; <c>s3://bucket/prefix</c> is
/// S3; <c>mlflow-artifacts:/</c> goes to the server's artifact destination (server side) or through the server's
/// proxy routes (client side).
/// </summary>
public static class ArtifactRepositories
{
    public const string ProxyScheme = "mlflow-artifacts:";

    /// <param name="artifactUri">A run's or experiment's artifact URI.</param>
    /// <param name="store">The tracking store in use: an HTTP store makes proxied URIs reachable.</param>
    /// <param name="proxy">On the server: the destination <c>mlflow-artifacts:/</c> maps to (see <see cref="Destination"/>).</param>
    /// <param name="s3">How <c>s3://</c> URIs are reached; null means <see cref="S3ArtifactOptions.FromEnvironment"/>.</param>
    public static IArtifactRepository For(string artifactUri, ITrackingStore? store, IArtifactRepository? proxy = null, S3ArtifactOptions? s3 = null)
    {
        ArgumentNullException.ThrowIfNull(artifactUri);
        if (artifactUri.StartsWith(ProxyScheme, StringComparison.OrdinalIgnoreCase))
        {
            var relative = ArtifactPaths.Normalize(ProxyPath(artifactUri));
            if (proxy is not null)
            {
                return Under(proxy, relative);
            }

            if (store is HttpTrackingStore http)
            {
                return new HttpArtifactRepository(http, relative);
            }

            throw ArgusException.InvalidParameter(
                $"Artifact URI '{artifactUri}' is served by a tracking server; set the tracking URI to that server (http://…) to read or write it.");
        }

        if (artifactUri.StartsWith(S3ArtifactRepository.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return new S3ArtifactRepository(artifactUri, s3 ?? S3ArtifactOptions.FromEnvironment());
        }

        if (artifactUri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return new LocalArtifactRepository(new Uri(artifactUri).LocalPath);
        }

        if (artifactUri.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgusException(ErrorCode.NotImplemented,
                $"No artifact repository for '{artifactUri}'. Supported: file:// paths, s3://bucket/prefix, and mlflow-artifacts:/ through a server.");
        }

        return new LocalArtifactRepository(artifactUri);
    }

    /// <summary>
    /// The repository a server's <c>--artifacts-destination</c> names: <c>s3://bucket/prefix</c> (reached with
    /// <paramref name="s3"/>, else the environment) or a local directory.
    /// </summary>
    public static IArtifactRepository Destination(string destination, S3ArtifactOptions? s3 = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        if (destination.StartsWith(S3ArtifactRepository.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return new S3ArtifactRepository(destination, s3 ?? S3ArtifactOptions.FromEnvironment());
        }

        if (destination.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return new LocalArtifactRepository(new Uri(destination).LocalPath);
        }

        if (destination.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgusException(ErrorCode.NotImplemented,
                $"Unsupported artifacts destination '{destination}'. Supported: a directory, file:// paths and s3://bucket/prefix.");
        }

        return new LocalArtifactRepository(destination);
    }

    /// <summary>How a destination is named in logs and messages: a local directory's path, else its URI.</summary>
    public static string Describe(IArtifactRepository repository) =>
        repository is LocalArtifactRepository local ? local.RootDirectory : repository.RootUri;

    /// <summary>The repository for a directory below <paramref name="root"/>.</summary>
    public static IArtifactRepository Under(IArtifactRepository root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        var relative = ArtifactPaths.Normalize(path);
        return root switch
        {
            LocalArtifactRepository local => relative.Length == 0 ? local : new LocalArtifactRepository(Path.Combine(local.RootDirectory, relative)),
            S3ArtifactRepository s3 => s3.Under(relative),
            _ => throw new ArgusException(ErrorCode.NotImplemented, $"Cannot address a folder inside {root.RootUri}."),
        };
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
