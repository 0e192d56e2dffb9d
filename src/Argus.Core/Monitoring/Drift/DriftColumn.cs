using Argus.Core.Data;

namespace Argus.Core.Monitoring.Drift;

/// <summary>
/// One column of a <see cref="ColumnTable"/>: a numerical column holds doubles (NaN = missing); a categorical or
/// text column holds codes into a <see cref="CategoryDictionary"/> shared with the other table (−1 = missing).
/// <para>A column read by <see cref="ColumnTableLoader"/> lives in a temporary file, not in memory: its values are read
/// back when <see cref="Numbers"/> or <see cref="Codes"/> is asked for, and the array is kept only while someone holds it
/// (a weak reference), so a drift computation that goes column by column holds one column at a time.</para>
/// </summary>
public sealed class DriftColumn
{
    private readonly double[]? _numbers;
    private readonly int[]? _codes;
    private readonly SpilledValues<double>? _spilledNumbers;
    private readonly SpilledValues<int>? _spilledCodes;
    private readonly int[]? _codeMap;
    private readonly WeakReference<double[]?> _numbersCache = new(null);
    private readonly WeakReference<int[]?> _codesCache = new(null);

    private DriftColumn(string name, ColumnType type, double[]? numbers, int[]? codes, CategoryDictionary? categories)
    {
        Name = name;
        Type = type;
        _numbers = numbers;
        _codes = codes;
        Categories = categories;
    }

    private DriftColumn(string name, ColumnType type, SpilledValues<double>? numbers, SpilledValues<int>? codes, int[]? codeMap, CategoryDictionary? categories)
    {
        Name = name;
        Type = type;
        _spilledNumbers = numbers;
        _spilledCodes = codes;
        _codeMap = codeMap;
        Categories = categories;
    }

    public string Name { get; }

    /// <summary><see cref="ColumnType.Numerical"/>, <see cref="ColumnType.Categorical"/> or <see cref="ColumnType.Text"/>.</summary>
    public ColumnType Type { get; }

    /// <summary>The values of a numerical column; <see langword="null"/> otherwise.</summary>
    public double[]? Numbers => _numbers ?? (_spilledNumbers is null ? null : Cached(_numbersCache, _spilledNumbers.ToArray));

    /// <summary>The codes of a categorical or text column; <see langword="null"/> for a numerical one.</summary>
    public int[]? Codes => _codes ?? (_spilledCodes is null ? null : Cached(_codesCache, ReadCodes));

    /// <summary>
    /// The values of a numerical column in an array rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/> that
    /// the caller owns (and may change) and should return: the first <paramref name="length"/> places hold the values,
    /// read afresh from the temporary file for a column read by <see cref="ColumnTableLoader"/>, copied otherwise.
    /// Throws for a column of codes.
    /// </summary>
    internal double[] RentNumbers(out int length)
    {
        if (Type != ColumnType.Numerical)
        {
            throw new InvalidOperationException($"Column '{Name}' is {Type.ToString().ToLowerInvariant()}, not numerical.");
        }

        length = Length;
        var values = System.Buffers.ArrayPool<double>.Shared.Rent(length);
        if (_spilledNumbers is not null)
        {
            _spilledNumbers.CopyTo(values);
        }
        else
        {
            _numbers.AsSpan().CopyTo(values);
        }

        return values;
    }

    /// <summary>The labels behind <see cref="Codes"/>.</summary>
    public CategoryDictionary? Categories { get; }

    /// <summary>The number of rows.</summary>
    public int Length => _numbers?.Length ?? _codes?.Length ?? _spilledNumbers?.Count ?? _spilledCodes!.Count;

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

    /// <summary>A numerical column kept in a temporary file.</summary>
    internal static DriftColumn Spilled(string name, SpilledValues<double> values) =>
        new(name, ColumnType.Numerical, values, null, null, null);

    /// <summary>
    /// A categorical or text column kept in a temporary file, its codes mapped through <paramref name="codeMap"/> (when
    /// given) into <paramref name="categories"/>.
    /// </summary>
    internal static DriftColumn Spilled(string name, ColumnType type, SpilledValues<int> codes, int[]? codeMap, CategoryDictionary categories) =>
        new(name, type, null, codes, codeMap, categories);

    private static T[] Cached<T>(WeakReference<T[]?> cache, Func<T[]> read)
    {
        if (cache.TryGetTarget(out var values) && values is not null)
        {
            return values;
        }

        values = read();
        cache.SetTarget(values);
        return values;
    }

    private int[] ReadCodes()
    {
        var codes = _spilledCodes!.ToArray();
        if (_codeMap is { } map)
        {
            for (var i = 0; i < codes.Length; i++)
            {
                var code = codes[i];
                codes[i] = code < 0 ? -1 : map[code];
            }
        }

        return codes;
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
