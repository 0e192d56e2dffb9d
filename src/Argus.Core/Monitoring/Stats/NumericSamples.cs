using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// The reference and current values of one numerical column, cleaned as Evidently's <c>get_one_column_drift</c>
/// cleans them: ±∞ become NaN and NaN is dropped on both sides (−0 is stored as +0, which every test treats alike).
/// Sorted copies and distinct counts are computed once, on first use, and shared by every test run on the
/// same samples. Not thread-safe: one column's samples belong to one thread at a time.
/// </summary>
public sealed class NumericSamples
{
    private readonly double[] _reference;
    private readonly double[] _current;
    private double[]? _sortedReference;
    private double[]? _sortedCurrent;
    private int _distinct = -1;
    private int _referenceDistinct = -1;
    private CategoricalSamples? _asCategories;

    private NumericSamples(double[] reference, double[] current)
    {
        _reference = reference;
        _current = current;
    }

    /// <summary>The cleaned reference values, in their original order.</summary>
    public ReadOnlySpan<double> Reference => _reference;

    /// <summary>The cleaned current values, in their original order.</summary>
    public ReadOnlySpan<double> Current => _current;

    /// <summary>The cleaned reference values in ascending order (sorted once).</summary>
    public ReadOnlySpan<double> SortedReference => _sortedReference ??= NumericSort.SortedCopy(_reference);

    /// <summary>The cleaned current values in ascending order (sorted once).</summary>
    public ReadOnlySpan<double> SortedCurrent => _sortedCurrent ??= NumericSort.SortedCopy(_current);

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
        return new NumericSamples(cleanReference, cleanCurrent);
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

    /// <summary>
    /// Cleans both sides in place and keeps the arrays (no copy when nothing is dropped): the caller gives them up.
    /// Throws as <see cref="Create"/> does.
    /// </summary>
    public static NumericSamples CreateOwned(double[] reference, double[] current, string column = "column")
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var cleanReference = CleanInPlace(reference);
        var cleanCurrent = CleanInPlace(current);
        EnsureValues(cleanReference.Length, cleanCurrent.Length, column);
        return new NumericSamples(cleanReference, cleanCurrent);
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

    private static double[] CleanInPlace(double[] values)
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

        if (k < values.Length)
        {
            Array.Resize(ref values, k);
        }

        return values;
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
