namespace Argus.Core.Monitoring.Performance;

/// <summary>
/// Evidently's <c>RegressionTopErrorMetric</c>: the signed error (prediction − target) split at its low and high
/// quantiles (numpy linear, 5 % and 95 % by default) into underestimation (error ≤ low), majority (low &lt; error &lt;
/// high) and overestimation (error ≥ high).
/// </summary>
public sealed record TopErrorGroups(double LowQuantile, double HighQuantile, ErrorGroup Under, ErrorGroup Majority, ErrorGroup Over);
