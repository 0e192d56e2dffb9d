namespace Argus.Core.Monitoring.Performance;

/// <summary>
/// One label's one-vs-rest quality (Evidently's <c>ClassificationQualityByLabel</c>, scikit-learn's
/// <c>classification_report</c>): precision, recall and F1 with 0 for an undefined ratio, support (actual rows), and
/// ROC AUC of the label's probability column (null without probabilities; NaN when the label never or always occurs).
/// </summary>
public sealed record LabelMetrics(string Label, long Support, double Precision, double Recall, double F1, double? RocAuc);
