using System.Runtime;
using Argus.Server.Hosting;

namespace Argus.Bench;

/// <summary>
/// <c>serve</c>: the tracking server in its own process, for when the <c>argus</c> executable is
/// not built. It runs <see cref="ArgusServer.StartAsync"/> exactly as <c>argus server</c> does and
/// prints the same first line; it stops on SIGTERM or Ctrl+C.
/// </summary>
internal static class ServeCommand
{
    public static async Task RunAsync(BenchArgs args)
    {
        var options = new ArgusServerOptions
        {
            Host = args.Text("host", "127.0.0.1"),
            Port = args.Int("port", 0),
            BackendStoreUri = args.Required("backend-store-uri"),
            ArtifactsDestination = args.Optional("artifacts-destination"),
        };
        args.RejectUnknown();

        await using var server = await ArgusServer.StartAsync(options).ConfigureAwait(false);
        Console.WriteLine($"Argus tracking server: {server.Url.GetLeftPart(UriPartial.Authority)}");
        Console.WriteLine($"gc: server={GCSettings.IsServerGC} latency_mode={GCSettings.LatencyMode} processors={Environment.ProcessorCount}");
        await server.WaitForShutdownAsync().ConfigureAwait(false);
    }
}
