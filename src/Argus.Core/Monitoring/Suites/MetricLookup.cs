namespace Argus.Core.Monitoring.Suites;

/// <summary>
/// Finds a metric value by path; false when the metric does not exist. A dictionary's <c>TryGetValue</c> is one.
/// </summary>
public delegate bool MetricLookup(string path, out double value);
