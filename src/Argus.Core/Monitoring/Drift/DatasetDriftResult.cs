namespace Argus.Core.Monitoring.Drift;

/// <summary>
/// A dataset drift report: the per-column verdicts and the dataset verdict (share of drifted columns ≥
/// <see cref="DriftShare"/>). <see cref="DatasetDriftJson"/> writes it in Evidently's field names.
/// </summary>
/// <param name="DatasetDrift">Whether the dataset drifted.</param>
/// <param name="DriftShare">The share of drifted columns that declares dataset drift.</param>
/// <param name="NumberOfColumns">The number of columns tested.</param>
/// <param name="NumberOfDriftedColumns">How many of them drifted.</param>
/// <param name="ShareOfDriftedColumns">NumberOfDriftedColumns / NumberOfColumns.</param>
/// <param name="Columns">The per-column results, in table order.</param>
/// <param name="SkippedColumns">Columns that could not be tested, with the reason.</param>
public sealed record DatasetDriftResult(
    bool DatasetDrift,
    double DriftShare,
    int NumberOfColumns,
    int NumberOfDriftedColumns,
    double ShareOfDriftedColumns,
    IReadOnlyList<ColumnDriftResult> Columns,
    IReadOnlyList<SkippedColumn> SkippedColumns);
