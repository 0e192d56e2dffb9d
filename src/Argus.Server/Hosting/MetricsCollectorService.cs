using Argus.Core.Telemetry;

namespace Argus.Server.Hosting;

/// <summary>Starts the host's <see cref="MetricsCollector"/> with the host; the container disposes it.</summary>
internal sealed class MetricsCollectorService(MetricsCollector collector) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        collector.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
