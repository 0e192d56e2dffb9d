namespace Argus.Core.Telemetry;

/// <summary>The text formats <c>GET /metrics</c> can answer in.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4, which every scraper reads.</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0.0, sent only when the scraper asks for it.</summary>
    OpenMetrics,
}
