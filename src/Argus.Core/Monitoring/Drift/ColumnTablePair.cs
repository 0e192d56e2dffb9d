namespace Argus.Core.Monitoring.Drift;

/// <summary>A reference table and a current table with the same columns, ready for <see cref="DatasetDrift"/>.</summary>
public sealed record ColumnTablePair(ColumnTable Reference, ColumnTable Current);
