using Argus.Core.Artifacts;
using Argus.Core.Tracking;

namespace Argus.Server.Hosting;

/// <summary>
/// The server's artifact storage: the proxied destination (a local directory or <c>s3://bucket/prefix</c>) and
/// resolution of run artifact URIs, with <c>mlflow-artifacts:/x</c> mapped to <c>x</c> under the destination.
/// </summary>
internal sealed class ArtifactStorage(IArtifactRepository proxy, ITrackingStore store, S3ArtifactOptions? s3 = null)
{
    /// <summary>Where <c>mlflow-artifacts:/</c> is stored.</summary>
    public IArtifactRepository Proxy { get; } = proxy;

    /// <summary>The destination as shown in the startup line: a directory's path, or the S3 URI.</summary>
    public string Destination => ArtifactRepositories.Describe(Proxy);

    public IArtifactRepository For(string artifactUri) => ArtifactRepositories.For(artifactUri, store, Proxy, s3);
}
