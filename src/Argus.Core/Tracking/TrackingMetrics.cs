using System.Diagnostics.Metrics;

namespace Argus.Core.Tracking;

/// <summary>The <c>Argus.Tracking</c> meter: what the tracking store writes, and how long its operations take.</summary>
internal static class TrackingMetrics
{
    public const string MeterName = "Argus.Tracking";

    private static readonly Meter Meter = new(MeterName);

    public static Counter<long> MetricPoints { get; } = Meter.CreateCounter<long>("argus.tracking.metric_points", "{point}", "Metric points written to the tracking store.");

    public static Counter<long> RunsCreated { get; } = Meter.CreateCounter<long>("argus.tracking.runs_created", "{run}", "Runs created.");

    public static Counter<long> ExperimentsCreated { get; } = Meter.CreateCounter<long>("argus.tracking.experiments_created", "{experiment}", "Experiments created.");

    public static Histogram<double> StoreOperationDuration { get; } = Meter.CreateHistogram<double>(
        "argus.tracking.store.operation.duration", "s",
        "Time a tracking-store operation holds its connection (reads) or its write transaction, by operation (CreateRun, LogBatch, SearchRuns, …).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
}
