namespace Argus.Core.Monitoring.Performance;

/// <summary>
/// Classification quality (Evidently's ClassificationPreset numerics plus calibration). Binary tasks (two labels)
/// report precision, recall and F1 of <see cref="PositiveLabel"/> and the four rates; multiclass tasks report macro
/// averages over the labels that occur as actual or predicted (scikit-learn's rule) and no rates. Metrics that need
/// probabilities are null without them. Rows with a missing actual or prediction are dropped
/// (<see cref="DroppedRowCount"/>).
/// <para><c>RocAuc</c>: the mean of every probability column's one-vs-rest AUC (Evidently binarises the target against
/// all columns, scikit-learn's macro average); NaN when a label never or always occurs (scikit-learn raises there).
/// <c>LogLoss</c>: scikit-learn 1.2 on the binarised target (probabilities clipped to [eps, 1 − eps], rows renormalised).</para>
/// <para><c>Brier</c>: binary, the positive label's Brier score (scikit-learn's <c>brier_score_loss</c>);
/// multiclass, the mean over rows of Σ_labels (outcome − probability)².</para>
/// <para><c>ExpectedCalibrationError</c>: binary, over the positive probability in the calibration bins; multiclass,
/// the top-label ECE (confidence = highest probability, correct = its label is the actual one) in the same bins.</para>
/// <para><c>Curves</c>: binary, the positive label's; multiclass, one per label.</para>
/// </summary>
public sealed record ClassificationResult(
    long RowCount,
    long DroppedRowCount,
    bool IsBinary,
    string? PositiveLabel,
    double Accuracy,
    double Precision,
    double Recall,
    double F1,
    double? TruePositiveRate,
    double? TrueNegativeRate,
    double? FalsePositiveRate,
    double? FalseNegativeRate,
    double? RocAuc,
    double? LogLoss,
    double? Brier,
    double? ExpectedCalibrationError,
    ConfusionMatrix ConfusionMatrix,
    IReadOnlyList<LabelMetrics> Labels,
    IReadOnlyList<LabelCurves>? Curves);
