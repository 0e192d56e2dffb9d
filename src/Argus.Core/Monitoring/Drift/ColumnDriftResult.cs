namespace Argus.Core.Monitoring.Drift;

/// <summary>The drift verdict for one column.</summary>
/// <param name="Column">The column name.</param>
/// <param name="ColumnType"><c>num</c>, <c>cat</c> or <c>text</c>.</param>
/// <param name="StatTest">The stat test's registry name.</param>
/// <param name="Threshold">The threshold applied.</param>
/// <param name="Score">The p-value or distance (NaN when undefined, e.g. chisquare on one category).</param>
/// <param name="DriftDetected">Whether the column drifted.</param>
public sealed record ColumnDriftResult(string Column, string ColumnType, string StatTest, double Threshold, double Score, bool DriftDetected);
