namespace Argus.Core.Monitoring.Quality;

/// <summary>
/// The statistics of one numeric column (Evidently's <c>ColumnSummaryMetric</c> for numerical columns, unrounded).
/// Shares are fractions of <see cref="RowCount"/> (Evidently shows percentages of all rows, rounded to 2 places).
/// Count, min, max, mean, std and quantiles follow pandas' <c>describe()</c>: NaN is skipped, ±inf takes part (so the
/// mean may be ±inf and std NaN, exactly as pandas reports them). Unique and most-common values count ±inf as values;
/// -0.0 and 0.0 are one value. The histogram covers finite values only (see <see cref="Quality.Histogram"/>).
/// <para><c>MostCommonValue</c>: The most frequent non-missing value; ties go to the smallest value. Evidently's <c>value_counts(dropna=False)</c> can name NaN here; that case shows as <see cref="MissingShare"/> instead.</para>
/// <para><c>MostCommonShare</c>: Its count divided by all rows, missing included (the share the almost-constant rule uses).</para>
/// </summary>
public sealed record NumericColumnStats(
    long RowCount,
    long Count,
    long MissingCount,
    double MissingShare,
    double Min,
    double Max,
    double Mean,
    double Std,
    double P25,
    double P50,
    double P75,
    long UniqueCount,
    double UniqueShare,
    long InfiniteCount,
    double InfiniteShare,
    double MostCommonValue,
    long MostCommonCount,
    double MostCommonShare,
    Histogram Histogram);
