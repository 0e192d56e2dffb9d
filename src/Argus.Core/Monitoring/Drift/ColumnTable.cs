using Argus.Core.Data;
using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Drift;

/// <summary>
/// An in-memory table of the columns a drift report compares, column by column (numerical columns as doubles,
/// categorical and text columns as codes). A reference table and a current table with the same column names and
/// types, categorical columns sharing their <see cref="CategoryDictionary"/>, are the input of
/// <see cref="DatasetDrift"/>. Build one directly or read one with <see cref="ColumnTableLoader"/>.
/// </summary>
public sealed class ColumnTable
{
    private readonly Dictionary<string, DriftColumn> _byName = new(StringComparer.Ordinal);

    /// <summary>Builds a table; throws when columns repeat a name or differ in length, or a column is datetime.</summary>
    public ColumnTable(string name, IReadOnlyList<DriftColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(columns);
        var rows = columns.Count == 0 ? 0 : columns[0].Length;
        foreach (var column in columns)
        {
            if (column.Length != rows)
            {
                throw new ArgusException(ErrorCode.InvalidParameterValue,
                    $"{name}: column '{column.Name}' has {column.Length} rows, but '{columns[0].Name}' has {rows}.");
            }

            if (!_byName.TryAdd(column.Name, column))
            {
                throw new ArgusException(ErrorCode.InvalidParameterValue, $"{name}: column '{column.Name}' appears twice.");
            }
        }

        Name = name;
        Columns = columns;
        RowCount = rows;
    }

    /// <summary>The source name (usually the file name), used in messages.</summary>
    public string Name { get; }

    /// <summary>The columns, in order.</summary>
    public IReadOnlyList<DriftColumn> Columns { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The column called <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> when absent.</summary>
    public DriftColumn this[string name] => _byName.TryGetValue(name, out var column)
        ? column
        : throw new KeyNotFoundException($"{Name} has no column '{name}'.");

    public bool TryGetColumn(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DriftColumn? column) =>
        _byName.TryGetValue(name, out column);

    /// <summary>Every column's type, by name.</summary>
    public IReadOnlyDictionary<string, ColumnType> ColumnTypes()
    {
        var types = new Dictionary<string, ColumnType>(StringComparer.Ordinal);
        foreach (var column in Columns)
        {
            types[column.Name] = column.Type;
        }

        return types;
    }
}
