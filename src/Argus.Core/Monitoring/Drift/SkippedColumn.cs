namespace Argus.Core.Monitoring.Drift;

/// <summary>A column that was not tested, and why (today: text columns, whose tests are not implemented yet).</summary>
public sealed record SkippedColumn(string Column, string ColumnType, string Reason);
