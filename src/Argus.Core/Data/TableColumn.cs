namespace Argus.Core.Data;

/// <summary>
/// One column of a <see cref="Table"/>: numerical columns hold <see cref="Numbers"/> (NaN = missing), every other
/// type holds <see cref="Strings"/> (<see langword="null"/> = missing).
/// </summary>
public sealed class TableColumn
{
    private TableColumn(string name, ColumnType type, double[]? numbers, string?[]? strings)
    {
        Name = name;
        Type = type;
        Numbers = numbers;
        Strings = strings;
    }

    public string Name { get; }

    public ColumnType Type { get; }

    /// <summary>The values of a numerical column; <see langword="null"/> for other types.</summary>
    public double[]? Numbers { get; }

    /// <summary>The values of a categorical, text or datetime column; <see langword="null"/> for numerical.</summary>
    public string?[]? Strings { get; }

    /// <summary>The number of rows.</summary>
    public int Length => Numbers?.Length ?? Strings!.Length;

    public static TableColumn Numerical(string name, double[] values)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        return new TableColumn(name, ColumnType.Numerical, values, null);
    }

    public static TableColumn OfStrings(string name, ColumnType type, string?[] values)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        if (type == ColumnType.Numerical)
        {
            throw new ArgumentException("A numerical column holds numbers; use Numerical().", nameof(type));
        }

        return new TableColumn(name, type, null, values);
    }

    /// <summary>The number of missing cells.</summary>
    public int MissingCount()
    {
        var missing = 0;
        if (Numbers is { } numbers)
        {
            foreach (var value in numbers)
            {
                if (double.IsNaN(value))
                {
                    missing++;
                }
            }
        }
        else
        {
            foreach (var value in Strings!)
            {
                if (value is null)
                {
                    missing++;
                }
            }
        }

        return missing;
    }
}
