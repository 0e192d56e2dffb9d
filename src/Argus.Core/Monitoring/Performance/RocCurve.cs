namespace Argus.Core.Monitoring.Performance;

/// <summary>
/// scikit-learn 1.2's <c>roc_curve(drop_intermediate=True)</c>: points from (0, 0) upwards, thresholds decreasing, the
/// first being the highest score + 1. Rates are NaN when the data has no negative (FPR) or no positive (TPR).
/// </summary>
public sealed record RocCurve(IReadOnlyList<double> FalsePositiveRate, IReadOnlyList<double> TruePositiveRate, IReadOnlyList<double> Thresholds);
