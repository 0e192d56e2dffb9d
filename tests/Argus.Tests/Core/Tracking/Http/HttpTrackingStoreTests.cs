using Argus.Core.Tracking;
using Argus.Server.Hosting;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Tracking.Http;

/// <summary>
/// The store contract through the HTTP client, against a real Argus server on a loopback port
/// (backed by a fresh SQLite file per test).
/// </summary>
public sealed class HttpTrackingStoreTests : TrackingStoreContract
{
    private readonly TempDirectory _directory = new();
    private RunningServer? _server;

    protected override bool SupportsPurge => false;

    protected override async Task<ITrackingStore> OpenStoreAsync()
    {
        _server = await ArgusServer.StartAsync(new ArgusServerOptions
        {
            Port = 0,
            BackendStoreUri = _directory.SqliteUri(),
            ArtifactsDestination = _directory.Combine("artifacts"),
        });
        return await TrackingStores.OpenAsync(_server.Url.AbsoluteUri);
    }

    protected override async Task CleanupAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _directory.Dispose();
    }
}
