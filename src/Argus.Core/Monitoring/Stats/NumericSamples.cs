using System.Buffers;
using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// The reference and current values of one numerical column, cleaned as Evidently's <c>get_one_column_drift</c>
/// cleans them: ±∞ become NaN and NaN is dropped on both sides (−0 is stored as +0, which every test treats alike).
/// Sorted copies and distinct counts are computed once, on first use, and shared by every test run on the
/// same samples. Not thread-safe: one column's samples belong to one thread at a time.
/// <para>The sorted copies (and, for <see cref="CreatePooled"/>, the values) live in arrays rented from
/// <see cref="ArrayPool{T}.Shared"/>; <see cref="Dispose"/> gives them back, so a drift report over many large columns
/// reuses the same memory instead of allocating it afresh per column. Not disposing only forgoes the reuse.</para>
/// </summary>
public sealed class NumericSamples : IDisposable
{
    private readonly double[] _reference;
    private readonly int _referenceLength;
    private readonly double[] _current;
    private readonly int _currentLength;
    private readonly bool _pooled;
    private double[]? _sortedReference;
    private double[]? _sortedCurrent;
    private bool _disposed;
    private int _distinct = -1;
    private int _referenceDistinct = -1;
    private CategoricalSamples? _asCategories;

    private NumericSamples(double[] reference, int referenceLength, double[] current, int currentLength, bool pooled)
    {
        _reference = reference;
        _referenceLength = referenceLength;
        _current = current;
        _currentLength = currentLength;
        _pooled = pooled;
    }

    /// <summary>The cleaned reference values, in their original order.</summary>
    public ReadOnlySpan<double> Reference => Live(_reference).AsSpan(0, _referenceLength);

    /// <summary>The cleaned current values, in their original order.</summary>
    public ReadOnlySpan<double> Current => Live(_current).AsSpan(0, _currentLength);

    /// <summary>The cleaned reference values in ascending order (sorted once).</summary>
    public ReadOnlySpan<double> SortedReference => (_sortedReference ??= Sorted(Reference)).AsSpan(0, _referenceLength);

    /// <summary>The cleaned current values in ascending order (sorted once).</summary>
    public ReadOnlySpan<double> SortedCurrent => (_sortedCurrent ??= Sorted(Current)).AsSpan(0, _currentLength);

    /// <summary>The number of distinct values in the reference (pandas <c>nunique</c>).</summary>
    public int ReferenceDistinctCount => _referenceDistinct >= 0 ? _referenceDistinct : _referenceDistinct = CountDistinct(SortedReference);

    /// <summary>The number of distinct values in reference ∪ current, used by the default test selection.</summary>
    public int DistinctCount => _distinct >= 0 ? _distinct : _distinct = CountDistinctUnion(SortedReference, SortedCurrent);

    /// <summary>
    /// Cleans both sides. Throws <see cref="ArgusException"/> (<see cref="ErrorCode.InvalidParameterValue"/>) when a
    /// side is empty after cleaning; <paramref name="column"/> names the column in that message.
    /// </summary>
    public static NumericSamples Create(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, string column = "column")
    {
        var cleanReference = Clean(reference);
        var cleanCurrent = Clean(current);
        EnsureValues(cleanReference.Length, cleanCurrent.Length, column);
        return new NumericSamples(cleanReference, cleanReference.Length, cleanCurrent, cleanCurrent.Length, pooled: false);
    }

    /// <summary>
    /// Cleans the first <paramref name="referenceLength"/> and <paramref name="currentLength"/> values of two arrays
    /// rented from <see cref="ArrayPool{T}.Shared"/>, in place, and takes them over: <see cref="Dispose"/> returns them
    /// (also when this throws). Throws as <see cref="Create"/> does.
    /// </summary>
    public static NumericSamples CreatePooled(double[] reference, int referenceLength, double[] current, int currentLength, string column = "column")
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var cleanReference = CleanInPlace(reference.AsSpan(0, referenceLength));
        var cleanCurrent = CleanInPlace(current.AsSpan(0, currentLength));
        try
        {
            EnsureValues(cleanReference, cleanCurrent, column);
        }
        catch (ArgusException)
        {
            ArrayPool<double>.Shared.Return(reference);
            ArrayPool<double>.Shared.Return(current);
            throw;
        }

        return new NumericSamples(reference, cleanReference, current, cleanCurrent, pooled: true);
    }

    /// <summary>Gives the rented arrays back; the samples cannot be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_pooled)
        {
            ArrayPool<double>.Shared.Return(_reference);
            ArrayPool<double>.Shared.Return(_current);
        }

        if (_sortedReference is not null)
        {
            ArrayPool<double>.Shared.Return(_sortedReference);
        }

        if (_sortedCurrent is not null)
        {
            ArrayPool<double>.Shared.Return(_sortedCurrent);
        }
    }

    private T Live<T>(T value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return value;
    }

    private double[] Sorted(ReadOnlySpan<double> values)
    {
        var sorted = ArrayPool<double>.Shared.Rent(values.Length);
        NumericSort.SortInto(values, sorted);
        return sorted;
    }

    private static void EnsureValues(int reference, int current, string column)
    {
        if (reference == 0 || current == 0)
        {
            var side = reference == 0 ? (current == 0 ? "reference and current" : "reference") : "current";
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"Column '{column}' has no values in the {side} data once missing and infinite values are dropped; a drift test needs at least one value on each side.");
        }
    }

    /// <summary>The column seen as categories (one per distinct value, in ascending order), for z and chi-square.</summary>
    internal CategoricalSamples AsCategories() => _asCategories ??= CategoricalSamples.FromSortedNumbers(SortedReference, SortedCurrent);

    private static double[] Clean(ReadOnlySpan<double> values)
    {
        var count = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                count++;
            }
        }

        var result = new double[count];
        var k = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                // x + 0.0 turns -0.0 into +0.0 and leaves every other value unchanged.
                result[k++] = v + 0.0;
            }
        }

        return result;
    }

    // Moves the finite values (−0 as +0) to the front; returns how many there are.
    private static int CleanInPlace(Span<double> values)
    {
        var k = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (double.IsFinite(v))
            {
                values[k++] = v + 0.0;
            }
        }

        return k;
    }

    private static int CountDistinct(ReadOnlySpan<double> sorted) => CountDistinctUnion(sorted, []);

    /// <summary>The number of distinct values in two ascending samples together.</summary>
    internal static int CountDistinctUnion(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var groups = new TieGroups(a, b);
        var count = 0;
        while (groups.MoveNext())
        {
            count++;
        }

        return count;
    }
}
