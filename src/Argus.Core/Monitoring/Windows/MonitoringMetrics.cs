using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Argus.Core.Monitoring.Windows;

/// <summary>
/// The monitoring instruments (meter <c>Argus.Monitoring</c>): the latest window's rows and metrics per model, as gauges
/// the Prometheus exporter reads. Only a bounded set of metrics is exposed (dataset-level and model-level, not per
/// column statistics), so label cardinality stays bounded.
/// </summary>
public static class MonitoringMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Argus.Monitoring";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<(string Model, string Metric), double> Latest = new();

    private static readonly ObservableGauge<double> Values = Meter.CreateObservableGauge(
        "argus.monitoring.metric",
        Observe,
        description: "The latest monitoring window's value of a metric, by model and metric path (regression.rmse, quality.missing_value_share, drift.share_of_drifted_columns, …).");

    private static readonly Counter<long> Rows = Meter.CreateCounter<long>(
        "argus.monitoring.rows", unit: "{row}", description: "Prediction rows monitored, by model.");

    /// <summary>Publishes a computed window's metrics.</summary>
    public static void Record(string model, int rows, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _ = Values;
        Rows.Add(rows, new KeyValuePair<string, object?>("model", model));
        foreach (var (key, value) in metrics)
        {
            if (Exposed(key))
            {
                Latest[(model, key)] = value;
            }
        }
    }

    /// <summary>The latest value recorded for a model's metric, or NaN.</summary>
    public static double LatestValue(string model, string metric) => Latest.TryGetValue((model, metric), out var value) ? value : double.NaN;

    private static bool Exposed(string key) => key.Split('.').Length == 2
        && (key.StartsWith("regression.", StringComparison.Ordinal) || key.StartsWith("classification.", StringComparison.Ordinal)
            || key.StartsWith("drift.", StringComparison.Ordinal) || key is "quality.missing_value_share" or "quality.row_count");

    private static IEnumerable<Measurement<double>> Observe()
    {
        foreach (var ((model, metric), value) in Latest)
        {
            yield return new Measurement<double>(value, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("metric", metric));
        }
    }
}
