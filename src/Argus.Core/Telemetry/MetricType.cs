namespace Argus.Core.Telemetry;

/// <summary>The Prometheus type of a metric family.</summary>
internal enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
