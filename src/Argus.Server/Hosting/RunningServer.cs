
namespace Argus.Server.Hosting;

/// <summary>A started server: its URL, a way to wait for shutdown, and a graceful stop.</summary>
public sealed class RunningServer(WebApplication app, Uri url) : IAsyncDisposable
{
    public Uri Url { get; } = url;

    public IServiceProvider Services => app.Services;

    /// <summary>Completes when the host stops (Ctrl+C, SIGTERM, or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
