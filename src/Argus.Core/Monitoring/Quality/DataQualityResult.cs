namespace Argus.Core.Monitoring.Quality;

/// <summary>
/// The numbers of a data-quality report: dataset counts, per-column statistics and correlation matrices for the
/// current data and (when given) the reference, plus the most-changed correlation pairs per kind.
/// </summary>
public sealed record DataQualityResult(
    DatasetStats Current,
    DatasetStats? Reference,
    IReadOnlyList<ColumnSummary> CurrentColumns,
    IReadOnlyList<ColumnSummary>? ReferenceColumns,
    IReadOnlyList<CorrelationMatrix> CurrentCorrelations,
    IReadOnlyList<CorrelationMatrix>? ReferenceCorrelations,
    IReadOnlyList<CorrelationChange>? TopCorrelationChanges);
