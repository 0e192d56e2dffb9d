namespace Argus.Core.Data;

/// <summary>
/// A table held in memory column by column, with the schema it was read under. <see cref="SourceLine"/> maps a row
/// back to the 1-based line of the file it came from, for error messages.
/// </summary>
public sealed class Table
{
    private readonly Dictionary<string, TableColumn> _byName;
    private readonly int[]? _sourceLines;

    /// <summary>Builds a table; every column must have <paramref name="rowCount"/> rows.</summary>
    public Table(string name, IReadOnlyList<TableColumn> columns, DataSchema schema, int rowCount, int[]? sourceLines = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(schema);
        _byName = new Dictionary<string, TableColumn>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (column.Length != rowCount)
            {
                throw new ArgumentException($"Column '{column.Name}' has {column.Length} rows, expected {rowCount}.", nameof(columns));
            }

            if (!_byName.TryAdd(column.Name, column))
            {
                throw new ArgumentException($"Column '{column.Name}' appears twice.", nameof(columns));
            }
        }

        if (sourceLines is not null && sourceLines.Length != rowCount)
        {
            throw new ArgumentException("One source line per row is required.", nameof(sourceLines));
        }

        Name = name;
        Columns = columns;
        Schema = schema;
        RowCount = rowCount;
        _sourceLines = sourceLines;
    }

    /// <summary>The source name (usually the file name), used in messages.</summary>
    public string Name { get; }

    public IReadOnlyList<TableColumn> Columns { get; }

    public DataSchema Schema { get; }

    public int RowCount { get; }

    /// <summary>The column called <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> when absent.</summary>
    public TableColumn this[string name] => _byName.TryGetValue(name, out var column)
        ? column
        : throw new KeyNotFoundException($"{Name} has no column '{name}'.");

    public bool TryGetColumn(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TableColumn? column) =>
        _byName.TryGetValue(name, out column);

    /// <summary>The 1-based file line of row <paramref name="row"/> (header on line 1 when unknown).</summary>
    public int SourceLine(int row) => _sourceLines?[row] ?? row + 2;
}
