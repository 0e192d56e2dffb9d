namespace Argus.Core.Tracking.Downsampling;

/// <summary>Which field of a <see cref="Metric"/> a chart draws along x.</summary>
public enum MetricAxis
{
    /// <summary>The training step (MLflow's default x axis).</summary>
    Step,

    /// <summary>The wall-clock timestamp, epoch milliseconds.</summary>
    Timestamp,
}
