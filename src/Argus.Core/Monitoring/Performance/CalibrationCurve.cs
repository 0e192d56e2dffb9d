namespace Argus.Core.Monitoring.Performance;

/// <summary>
/// scikit-learn's <c>calibration_curve(strategy="uniform")</c>: per non-empty bin of equal width on [0, 1] (a score on
/// an inner edge falls in the lower bin, as <c>np.searchsorted(side="left")</c>), the share of positives
/// (<see cref="ProbTrue"/>), the mean score (<see cref="ProbPred"/>) and, beyond scikit-learn, the row count.
/// </summary>
public sealed record CalibrationCurve(IReadOnlyList<double> ProbTrue, IReadOnlyList<double> ProbPred, IReadOnlyList<long> Counts);
