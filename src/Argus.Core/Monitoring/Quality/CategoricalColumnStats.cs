namespace Argus.Core.Monitoring.Quality;

/// <summary>
/// The statistics of one categorical column (Evidently's <c>ColumnSummaryMetric</c> and <c>UniqueValueCount</c> for
/// categorical columns). Shares are fractions of <see cref="RowCount"/>, missing rows included.
/// <para><c>Labels</c>: The labels present in the column, most frequent first (ties in ordinal label order).</para>
/// <para><c>MostCommonLabel</c>: The most frequent non-missing label (ties: ordinal order); null when every row is missing.</para>
/// <para><c>NewInCurrent</c>: Labels present here and absent from the reference (null without a reference).</para>
/// <para><c>UnusedInCurrent</c>: Labels present in the reference and absent here (null without a reference).</para>
/// </summary>
public sealed record CategoricalColumnStats(
    long RowCount,
    long Count,
    long MissingCount,
    double MissingShare,
    long UniqueCount,
    double UniqueShare,
    IReadOnlyList<LabelCount> Labels,
    string? MostCommonLabel,
    long MostCommonCount,
    double MostCommonShare,
    IReadOnlyList<string>? NewInCurrent,
    IReadOnlyList<string>? UnusedInCurrent)
{
    /// <summary>How many labels are new in this (current) column compared with the reference; null without one.</summary>
    public int? NewInCurrentCount => NewInCurrent?.Count;

    /// <summary>How many reference labels this (current) column does not use; null without a reference.</summary>
    public int? UnusedInCurrentCount => UnusedInCurrent?.Count;
}
