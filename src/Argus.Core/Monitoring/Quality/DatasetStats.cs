namespace Argus.Core.Monitoring.Quality;

/// <summary>
/// Dataset-level quality counts (Evidently's <c>DatasetSummaryMetric</c> / <c>DatasetStats</c>). Column-pair counts
/// (<see cref="DuplicatedColumnCount"/>, <see cref="AlmostDuplicatedColumnCount"/>) count <em>pairs</em>, as Evidently
/// does: three identical columns make three pairs.
/// <para><c>DuplicatedRowCount</c>: Rows equal to an earlier row in every column (missing equals missing), as pandas' <c>duplicated().sum()</c>.</para>
/// <para><c>DuplicatedColumnCount</c>: Column pairs of the same type and storage with equal values everywhere (missing equals missing).</para>
/// <para><c>AlmostDuplicatedColumnCount</c>: Column pairs of the same type whose share of rows with equal, non-missing values is at least the threshold.</para>
/// <para><c>ConstantColumnCount</c>: Columns with at most one distinct non-missing value (an all-missing column counts).</para>
/// <para><c>AlmostConstantColumnCount</c>: Columns whose most common non-missing value covers at least the threshold share of all rows.</para>
/// <para><c>EmptyRowCount</c>: Rows missing in every column.</para>
/// <para><c>EmptyColumnCount</c>: Columns missing in every row.</para>
/// <para><c>MissingValueCount</c>: Missing cells in the whole dataset.</para>
/// </summary>
public sealed record DatasetStats(
    long RowCount,
    int ColumnCount,
    int NumericalColumnCount,
    int CategoricalColumnCount,
    int DatetimeColumnCount,
    int TextColumnCount,
    long DuplicatedRowCount,
    int DuplicatedColumnCount,
    int AlmostDuplicatedColumnCount,
    int ConstantColumnCount,
    int AlmostConstantColumnCount,
    long EmptyRowCount,
    int EmptyColumnCount,
    long MissingValueCount,
    double MissingValueShare);
