namespace Argus.Core.Data;

/// <summary>One column's name and resolved type.</summary>
public sealed record ColumnSchema(string Name, ColumnType Type);
