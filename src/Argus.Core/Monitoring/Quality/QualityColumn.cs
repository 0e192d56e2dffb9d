using Argus.Core.Data;
using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Quality;

/// <summary>
/// One column as the monitoring calculations read it: numbers (<see cref="double.NaN"/> = missing) or category codes
/// (-1 = missing) into <see cref="Labels"/>. Datetime columns are given as numbers (for example Unix seconds) and text
/// columns as codes; <see cref="Type"/> only decides how a column is counted and which correlations it enters.
/// </summary>
public sealed class QualityColumn
{
    private QualityColumn(string name, ColumnType type, ReadOnlyMemory<double> numbers, ReadOnlyMemory<int> codes, IReadOnlyList<string>? labels)
    {
        Name = name;
        Type = type;
        Numbers = numbers;
        Codes = codes;
        Labels = labels;
    }

    public string Name { get; }

    public ColumnType Type { get; }

    /// <summary>True when the column holds numbers; false when it holds codes.</summary>
    public bool IsNumeric => Labels is null;

    /// <summary>The values of a numeric column (empty for a coded column).</summary>
    public ReadOnlyMemory<double> Numbers { get; }

    /// <summary>The codes of a coded column (empty for a numeric column): -1 is missing, otherwise an index into <see cref="Labels"/>.</summary>
    public ReadOnlyMemory<int> Codes { get; }

    /// <summary>The label of each code; <see langword="null"/> for a numeric column.</summary>
    public IReadOnlyList<string>? Labels { get; }

    /// <summary>The number of rows.</summary>
    public int Length => IsNumeric ? Numbers.Length : Codes.Length;

    /// <summary>A numerical (or, with <paramref name="type"/>, datetime) column.</summary>
    public static QualityColumn Numeric(string name, ReadOnlyMemory<double> values, ColumnType type = ColumnType.Numerical)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new QualityColumn(name, type, values, default, null);
    }

    /// <summary>
    /// A categorical (or, with <paramref name="type"/>, text) column of codes into <paramref name="labels"/>. Labels must
    /// be distinct; every code must be -1 or a valid index (checked here, once).
    /// </summary>
    public static QualityColumn Categorical(string name, ReadOnlyMemory<int> codes, IReadOnlyList<string> labels, ColumnType type = ColumnType.Categorical)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(labels);
        if (type == ColumnType.Numerical)
        {
            throw new ArgumentException("A numerical column holds numbers; use Numeric().", nameof(type));
        }

        var distinct = new HashSet<string>(labels, StringComparer.Ordinal);
        if (distinct.Count != labels.Count)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, $"Column '{name}': labels must be distinct.");
        }

        var span = codes.Span;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] < -1 || span[i] >= labels.Count)
            {
                throw new ArgusException(ErrorCode.InvalidParameterValue,
                    $"Column '{name}': code {span[i]} at row {i} is neither -1 (missing) nor an index into its {labels.Count} labels.");
            }
        }

        return new QualityColumn(name, type, default, codes, labels);
    }

    /// <summary>
    /// Encodes a table column: numbers stay numbers, strings become codes with labels in order of first appearance.
    /// </summary>
    public static QualityColumn FromTable(TableColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Numbers is { } numbers)
        {
            return Numeric(column.Name, numbers, column.Type);
        }

        var categories = new Drift.CategoryDictionary();
        var codes = categories.Encode(column.Strings!);
        return new QualityColumn(column.Name, column.Type, default, codes, categories.Labels);
    }
}
