namespace Argus.Core.Tracking.Sdk;

/// <summary>How a <see cref="Tracker"/> buffers and flushes.</summary>
public sealed record TrackerOptions
{
    /// <summary>Buffered entries are sent at least this often while a run is open.</summary>
    /// <value>2 seconds.</value>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A flush starts by itself once this many metric points are buffered.</summary>
    /// <value>1000, one full batch.</value>
    public int FlushAtMetrics { get; init; } = TrackingLimits.MaxMetricsPerBatch;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Options for a database store the tracker opens itself.</summary>
    public TrackingStoreOptions StoreOptions { get; init; } = new();
}
