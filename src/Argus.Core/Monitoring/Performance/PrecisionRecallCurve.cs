namespace Argus.Core.Monitoring.Performance;

/// <summary>
/// scikit-learn 1.2's <c>precision_recall_curve</c>: recall decreasing, ending at precision 1, recall 0;
/// <see cref="Thresholds"/> has one entry fewer (increasing distinct scores).
/// </summary>
public sealed record PrecisionRecallCurve(IReadOnlyList<double> Precision, IReadOnlyList<double> Recall, IReadOnlyList<double> Thresholds);
