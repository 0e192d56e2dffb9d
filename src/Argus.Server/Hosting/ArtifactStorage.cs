using Argus.Core.Artifacts;
using Argus.Core.Tracking;

namespace Argus.Server.Hosting;

/// <summary>The server's artifact storage: the proxied destination and resolution of run artifact URIs.</summary>
internal sealed class ArtifactStorage(string destination, ITrackingStore store)
{
    public LocalArtifactRepository Proxy { get; } = new(destination);

    public string Destination => Proxy.RootDirectory;

    public IArtifactRepository For(string artifactUri) => ArtifactRepositories.For(artifactUri, store, Proxy.RootDirectory);
}
