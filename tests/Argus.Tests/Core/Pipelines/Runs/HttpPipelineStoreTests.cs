using Argus.Core.Tracking;
using Argus.Server.Hosting;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Pipelines.Runs;

/// <summary>
/// The pipeline store contract through the HTTP client, against a real Argus server on a loopback port (a fresh SQLite
/// file per test). Each extra store is another client with its own connections, as another runner or server would be.
/// </summary>
public sealed class HttpPipelineStoreTests : PipelineStoreContract
{
    private readonly TempDirectory _directory = new();
    private RunningServer? _server;

    protected override async Task PrepareAsync() =>
        _server = await ArgusServer.StartAsync(new ArgusServerOptions
        {
            Port = 0,
            BackendStoreUri = _directory.SqliteUri(),
            ArtifactsDestination = _directory.Combine("artifacts"),

            // The contract's runs and ticks are made up; a scheduler on the system clock would claim and fail them.
            Scheduler = new Argus.Server.Pipelines.PipelineSchedulerOptions { Enabled = false },
        });

    protected override Task<ITrackingStore> OpenTrackingStoreAsync(TrackingStoreOptions options) =>
        TrackingStores.OpenAsync((_server ?? throw new InvalidOperationException("No server")).Url.AbsoluteUri, options);

    protected override async Task CleanupAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _directory.Dispose();
    }
}
