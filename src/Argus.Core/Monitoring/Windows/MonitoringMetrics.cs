using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Argus.Core.Monitoring.Reports;

namespace Argus.Core.Monitoring.Windows;

/// <summary>
/// The monitoring instruments (meter <c>Argus.Monitoring</c>): the latest window of each model, as gauges the
/// Prometheus exporter reads — dataset-level and model-level metrics (with the model version), the same metrics on the
/// reference, each
/// feature's drift score and verdict with the test used, the dataset verdict and the failed tests. Labels stay bounded:
/// model, metric path (a fixed set, not per-column statistics), column (the model's features) and stat test. A model's
/// per-column series are replaced by each new window, so a column that leaves the data leaves the metrics too.
/// </summary>
public static class MonitoringMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Argus.Monitoring";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<string, ModelState> Models = new(StringComparer.Ordinal);

    private static readonly ObservableGauge<double> Values = Meter.CreateObservableGauge(
        "argus.monitoring.metric",
        () => Observe(static s => s.Metrics, "metric", withVersion: true),
        description: "The latest monitoring window's value of a metric, by model, model version (the one that answered the window's latest prediction) and metric path (regression.rmse, quality.missing_value_share, drift.share_of_drifted_columns, …).");

    private static readonly ObservableGauge<double> ReferenceValues = Meter.CreateObservableGauge(
        "argus.monitoring.reference_metric",
        () => Observe(static s => s.ReferenceMetrics, "metric", withVersion: false),
        description: "The same metric computed on the model's reference data, by model and metric path, for comparisons such as quality degraded against the reference.");

    private static readonly ObservableGauge<double> DriftScores = Meter.CreateObservableGauge(
        "argus.monitoring.drift.score",
        () => ObserveColumns(static c => c.Score),
        description: "The latest window's drift score of a feature (a p-value or a distance, per the stat test), by model, column and stat test.");

    private static readonly ObservableGauge<int> DriftDetected = Meter.CreateObservableGauge(
        "argus.monitoring.drift.detected",
        () => ObserveColumns(static c => c.Detected ? 1 : 0),
        description: "1 when the latest window found drift in a feature, else 0, by model, column and stat test.");

    private static readonly ObservableGauge<int> DatasetDrift = Meter.CreateObservableGauge(
        "argus.monitoring.dataset_drift",
        () => ObserveModels(static s => s.DatasetDrift),
        description: "1 when the latest window's share of drifted features reached the drift share, else 0, by model.");

    private static readonly ObservableGauge<double> SharedDrifted = Meter.CreateObservableGauge(
        "argus.monitoring.share_of_drifted_columns",
        () => ObserveModels(static s => s.ShareOfDriftedColumns),
        description: "The latest window's share of drifted features, by model.");

    private static readonly ObservableGauge<int> FailedTests = Meter.CreateObservableGauge(
        "argus.monitoring.test_suite.failed_tests",
        () => ObserveModels(static s => s.FailedTests),
        description: "Tests that failed in the latest window's test suite, by model.");

    private static readonly Counter<long> Rows = Meter.CreateCounter<long>(
        "argus.monitoring.rows", unit: "{row}", description: "Prediction rows monitored, by model.");

    /// <summary>Publishes a computed window of <paramref name="model"/> (answered last by <paramref name="version"/>).</summary>
    public static void Record(string model, string? version, int rows, MonitoringReport report)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(report);
        _ = (Values, ReferenceValues, DriftScores, DriftDetected, DatasetDrift, SharedDrifted, FailedTests);
        Rows.Add(rows, new KeyValuePair<string, object?>("model", model));
        var columns = report.Drift?.Columns.Select(c => new ColumnState(c.Column, c.StatTest, c.Score, c.DriftDetected)).ToList() ?? [];
        var state = new ModelState(
            version ?? string.Empty,
            Exposed(report.Metrics),
            Exposed(report.ReferenceMetrics),
            columns,
            report.Drift is { } drift ? (drift.DatasetDrift ? 1 : 0) : null,
            report.Drift?.ShareOfDriftedColumns,
            report.Tests?.Summary.Fail);
        Models[model] = state;
    }

    /// <summary>The latest value recorded for a model's metric, or NaN.</summary>
    public static double LatestValue(string model, string metric) =>
        Models.TryGetValue(model, out var state) && state.Metrics.TryGetValue(metric, out var value) ? value : double.NaN;

    /// <summary>The latest drift score and verdict recorded for a model's column, or null.</summary>
    public static (double Score, bool Detected, string StatTest)? LatestDrift(string model, string column) =>
        Models.TryGetValue(model, out var state) && state.Columns.FirstOrDefault(c => c.Column == column) is { } c ? (c.Score, c.Detected, c.StatTest) : null;

    private static Dictionary<string, double> Exposed(IReadOnlyDictionary<string, double> metrics)
    {
        var exposed = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in metrics)
        {
            if (IsExposed(key))
            {
                exposed[key] = value;
            }
        }

        return exposed;
    }

    private static bool IsExposed(string key) => key.Split('.').Length == 2
        && (key.StartsWith("regression.", StringComparison.Ordinal) || key.StartsWith("classification.", StringComparison.Ordinal)
            || key.StartsWith("drift.", StringComparison.Ordinal) || key is "quality.missing_value_share" or "quality.row_count");

    private static IEnumerable<Measurement<double>> Observe(Func<ModelState, Dictionary<string, double>> values, string label, bool withVersion)
    {
        foreach (var (model, state) in Models)
        {
            foreach (var (metric, value) in values(state))
            {
                yield return withVersion
                    ? new Measurement<double>(value, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("version", state.Version), new KeyValuePair<string, object?>(label, metric))
                    : new Measurement<double>(value, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>(label, metric));
            }
        }
    }

    private static IEnumerable<Measurement<T>> ObserveColumns<T>(Func<ColumnState, T> value)
        where T : struct
    {
        foreach (var (model, state) in Models)
        {
            foreach (var column in state.Columns)
            {
                yield return new Measurement<T>(value(column),
                    new KeyValuePair<string, object?>("model", model),
                    new KeyValuePair<string, object?>("column", column.Column),
                    new KeyValuePair<string, object?>("stattest", column.StatTest));
            }
        }
    }

    private static IEnumerable<Measurement<T>> ObserveModels<T>(Func<ModelState, T?> value)
        where T : struct
    {
        foreach (var (model, state) in Models)
        {
            if (value(state) is { } v)
            {
                yield return new Measurement<T>(v, new KeyValuePair<string, object?>("model", model));
            }
        }
    }

    private sealed record ColumnState(string Column, string StatTest, double Score, bool Detected);

    private sealed record ModelState(
        string Version,
        Dictionary<string, double> Metrics,
        Dictionary<string, double> ReferenceMetrics,
        IReadOnlyList<ColumnState> Columns,
        int? DatasetDrift,
        double? ShareOfDriftedColumns,
        int? FailedTests);
}
