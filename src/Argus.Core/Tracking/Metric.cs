namespace Argus.Core.Tracking;

/// <summary>
/// One point of a metric's history. <paramref name="Value"/> may be NaN or ±Infinity;
/// <paramref name="Timestamp"/> is epoch milliseconds.
/// </summary>
public readonly record struct Metric(string Key, double Value, long Timestamp, long Step);
