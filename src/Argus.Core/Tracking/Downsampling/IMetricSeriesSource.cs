namespace Argus.Core.Tracking.Downsampling;

/// <summary>A store that can read a metric's whole history as columns (the SQL stores), for downsampling.</summary>
internal interface IMetricSeriesSource
{
    /// <summary>
    /// Every point of one metric of one run, in <see cref="ITrackingStore.GetMetricHistoryAsync"/>'s order, with its
    /// errors (an unknown run is RESOURCE_DOES_NOT_EXIST). The caller disposes the series.
    /// </summary>
    Task<MetricSeries> ReadMetricSeriesAsync(string runId, string metricKey, CancellationToken cancellationToken);

    /// <summary>How many points one metric of one run has (0 for an unknown run or metric): an index walk, no point read.</summary>
    Task<long> CountMetricPointsAsync(string runId, string metricKey, CancellationToken cancellationToken);
}
