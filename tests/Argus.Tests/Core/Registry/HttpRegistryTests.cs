using Argus.Core.Tracking.Http;
using Argus.Core.Tracking;
using Argus.Server.Hosting;
using Argus.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Argus.Tests.Core.Registry;

/// <summary>
/// The registry contract through the HTTP client, against a real Argus server on a loopback port
/// (a fresh SQLite file per test). Each extra store is another client naming its user in X-Argus-User.
/// </summary>
public sealed class HttpRegistryTests(ITestOutputHelper output) : RegistryContract
{
    private readonly TempDirectory _directory = new();
    private RunningServer? _server;

    protected override ITestOutputHelper Output => output;

    protected override async Task PrepareAsync() =>
        _server = await ArgusServer.StartAsync(new ArgusServerOptions
        {
            Port = 0,
            BackendStoreUri = _directory.SqliteUri(),
            ArtifactsDestination = _directory.Combine("artifacts"),
        });

    protected override Task<ITrackingStore> OpenStoreAsync(TrackingStoreOptions options) =>
        Task.FromResult<ITrackingStore>(new HttpTrackingStore((_server ?? throw new InvalidOperationException("No server")).Url, options));

    protected override async Task CleanupAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _directory.Dispose();
    }
}
