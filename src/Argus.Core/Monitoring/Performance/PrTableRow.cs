namespace Argus.Core.Monitoring.Performance;

/// <summary>
/// One row of Evidently's PR table (<c>calculate_pr_table</c>): the top <see cref="TopPercent"/> % of rows by score
/// (stable order, so tied scores keep row order), their count, true and false positives, and precision and recall in
/// percent. <see cref="Probability"/> is the score at position <see cref="Count"/> (the first row <em>after</em> the
/// top group, or the last row), as Evidently takes it. Evidently rounds for display; these values are not rounded.
/// </summary>
public sealed record PrTableRow(double TopPercent, long Count, double Probability, long TruePositives, long FalsePositives, double PrecisionPercent, double RecallPercent);
