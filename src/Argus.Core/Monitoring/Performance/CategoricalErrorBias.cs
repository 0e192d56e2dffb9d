namespace Argus.Core.Monitoring.Performance;

/// <summary>
/// Evidently's error-bias row for a categorical feature: the most frequent label over all rows, the underestimation
/// rows and the overestimation rows (ties: the label seen first; null when a group has no label), and whether they
/// differ (Evidently's range 1 or 0).
/// </summary>
public sealed record CategoricalErrorBias(string Feature, string? All, string? Under, string? Over, bool Differs);
