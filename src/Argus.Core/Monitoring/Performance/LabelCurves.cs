namespace Argus.Core.Monitoring.Performance;

/// <summary>
/// The score curves of one label against the rest: ROC, precision-recall, Evidently's PR table (5 % steps), the
/// calibration curve, the expected calibration error over the same bins (Σ n_b/N·|share of positives − mean score|)
/// and the Brier score (mean squared difference between the 0/1 outcome and the score).
/// </summary>
public sealed record LabelCurves(
    string Label,
    double RocAuc,
    RocCurve Roc,
    PrecisionRecallCurve PrecisionRecall,
    IReadOnlyList<PrTableRow> PrTable,
    CalibrationCurve Calibration,
    double ExpectedCalibrationError,
    double Brier);
