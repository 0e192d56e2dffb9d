using System.Diagnostics.Metrics;

namespace Argus.Core.Tracking;

/// <summary>The <c>Argus.Tracking</c> meter: what the tracking store writes.</summary>
internal static class TrackingMetrics
{
    public const string MeterName = "Argus.Tracking";

    private static readonly Meter Meter = new(MeterName);

    public static Counter<long> MetricPoints { get; } = Meter.CreateCounter<long>("argus.tracking.metric_points", "{point}", "Metric points written to the tracking store.");

    public static Counter<long> RunsCreated { get; } = Meter.CreateCounter<long>("argus.tracking.runs_created", "{run}", "Runs created.");

    public static Counter<long> ExperimentsCreated { get; } = Meter.CreateCounter<long>("argus.tracking.experiments_created", "{experiment}", "Experiments created.");
}
