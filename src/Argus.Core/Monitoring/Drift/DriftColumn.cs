using Argus.Core.Data;

namespace Argus.Core.Monitoring.Drift;

/// <summary>
/// One column of a <see cref="ColumnTable"/>: a numerical column holds doubles (NaN = missing); a categorical or
/// text column holds codes into a <see cref="CategoryDictionary"/> shared with the other table (−1 = missing).
/// </summary>
public sealed class DriftColumn
{
    private DriftColumn(string name, ColumnType type, double[]? numbers, int[]? codes, CategoryDictionary? categories)
    {
        Name = name;
        Type = type;
        Numbers = numbers;
        Codes = codes;
        Categories = categories;
    }

    public string Name { get; }

    /// <summary><see cref="ColumnType.Numerical"/>, <see cref="ColumnType.Categorical"/> or <see cref="ColumnType.Text"/>.</summary>
    public ColumnType Type { get; }

    /// <summary>The values of a numerical column; <see langword="null"/> otherwise.</summary>
    public double[]? Numbers { get; }

    /// <summary>The codes of a categorical or text column; <see langword="null"/> for a numerical one.</summary>
    public int[]? Codes { get; }

    /// <summary>The labels behind <see cref="Codes"/>.</summary>
    public CategoryDictionary? Categories { get; }

    /// <summary>The number of rows.</summary>
    public int Length => Numbers?.Length ?? Codes!.Length;

    public static DriftColumn Numerical(string name, double[] values)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        return new DriftColumn(name, ColumnType.Numerical, values, null, null);
    }

    /// <summary>A categorical column from codes already in <paramref name="categories"/>.</summary>
    public static DriftColumn Categorical(string name, int[] codes, CategoryDictionary categories) =>
        OfCodes(name, ColumnType.Categorical, codes, categories);

    /// <summary>A categorical column from labels (null = missing), encoded into <paramref name="categories"/>.</summary>
    public static DriftColumn Categorical(string name, IReadOnlyList<string?> values, CategoryDictionary categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        return OfCodes(name, ColumnType.Categorical, categories.Encode(values), categories);
    }

    /// <summary>A text column from strings (null = missing), encoded into <paramref name="categories"/>.</summary>
    public static DriftColumn Text(string name, IReadOnlyList<string?> values, CategoryDictionary categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        return OfCodes(name, ColumnType.Text, categories.Encode(values), categories);
    }

    private static DriftColumn OfCodes(string name, ColumnType type, int[] codes, CategoryDictionary categories)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(categories);
        foreach (var code in codes)
        {
            if (code >= categories.Count)
            {
                throw new ArgumentException($"Code {code} of column '{name}' is not in its dictionary of {categories.Count} labels.", nameof(codes));
            }
        }

        return new DriftColumn(name, type, null, codes, categories);
    }
}
