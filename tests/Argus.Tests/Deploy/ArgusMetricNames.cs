namespace Argus.Tests.Deploy;

/// <summary>
/// The metric names Argus exposes on /metrics and pushes to the Pushgateway, plus what Prometheus and
/// ASP.NET Core add. The rules and dashboards under deploy/ may name only these (and, in rules, the
/// names recording rules define).
/// </summary>
public static class ArgusMetricNames
{
    private static readonly string[] Histograms =
    [
        "argus_serving_request_duration_seconds",
        "argus_serving_prediction",
        "argus_tracking_store_operation_duration_seconds",
        "http_server_request_duration_seconds",
    ];

    private static readonly string[] Plain =
    [
        "argus_serving_requests_total",
        "argus_serving_rows_total",
        "argus_serving_missing_values_total",
        "argus_serving_model_info",
        "argus_monitoring_drift_score",
        "argus_monitoring_drift_detected",
        "argus_monitoring_dataset_drift",
        "argus_monitoring_share_of_drifted_columns",
        "argus_monitoring_metric",
        "argus_monitoring_reference_metric",
        "argus_monitoring_rows_total",
        "argus_monitoring_test_suite_failed_tests",
        "argus_job_duration_seconds",
        "argus_job_last_success_timestamp_seconds",
        "argus_job_last_failure_timestamp_seconds",
        "argus_job_failures_total",
        "argus_job_runs_total",
        "argus_tracking_runs_created_total",
        "argus_tracking_metric_points_total",
        "process_cpu_seconds_total",
        "process_resident_memory_bytes",
        "process_start_time_seconds",
        "dotnet_gc_collections_total",
        "dotnet_process_memory_working_set_bytes",
        "up",
    ];

    public static IReadOnlySet<string> All { get; } =
        Plain.Concat(Histograms.SelectMany(h => new[] { h + "_bucket", h + "_sum", h + "_count" })).ToHashSet(StringComparer.Ordinal);
}
