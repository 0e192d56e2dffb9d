using System.Diagnostics.Metrics;
using Argus.Core.Inference;
using Argus.Core.Telemetry;
using Argus.Server.Hosting;

namespace Argus.Server.Endpoints;

/// <summary><c>GET /metrics</c>: the Prometheus exporter, in text format 0.0.4 or OpenMetrics 1.0.0 by <c>Accept</c>.</summary>
public static class MetricsEndpoints
{
    /// <summary>
    /// One <see cref="MetricsCollector"/> for the host (meters of its own <see cref="IMeterFactory"/> and the
    /// process-wide ones), started with the host and disposed with it.
    /// </summary>
    public static IServiceCollection AddMetricsExporter(this IServiceCollection services)
    {
        services.AddSingleton(static sp => new MetricsCollector(new MetricsCollectorOptions { MeterScope = sp.GetRequiredService<IMeterFactory>() }));
        services.AddHostedService<MetricsCollectorService>();
        return services;
    }

    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", WriteMetricsAsync);
        return app;
    }

    /// <summary>Renders into a pooled buffer, then writes it asynchronously: the scrape never writes to the socket under the render lock.</summary>
    private static async Task WriteMetricsAsync(HttpContext context)
    {
        var collector = context.RequestServices.GetRequiredService<MetricsCollector>();
        var format = ExpositionFormats.Negotiate(context.Request.Headers.Accept.ToString());
        using var buffer = new ByteBuffer(64 * 1024);
        await collector.RenderAsync(format, buffer, context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = ExpositionFormats.ContentType(format);
        context.Response.ContentLength = buffer.Length;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
