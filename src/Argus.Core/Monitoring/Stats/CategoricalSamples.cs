using System.Globalization;
using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// The reference and current values of one categorical column as category codes (0 ≤ code &lt; category count;
/// a negative code is a missing value and is dropped, as Evidently drops NaN). Most tests need only the per-side
/// counts, computed once here; the permutation test (TVD) also needs the code sequences in row order.
/// <para>
/// Where Evidently's result depends on the order of the categories (the z-test's first sorted key, and the
/// summation order that decides ties in the TVD permutation test) the categories are taken in ascending label
/// order: numerically when every present label is a number, else by ordinal string comparison. For small integer
/// labels this is also the iteration order of the Python set Evidently builds.
/// </para>
/// </summary>
public sealed class CategoricalSamples
{
    private readonly int[] _referenceCounts;
    private readonly int[] _currentCounts;
    private readonly int[] _present;
    private readonly int[]? _referenceCodes;
    private readonly int[]? _currentCodes;

    private CategoricalSamples(int[] referenceCounts, int[] currentCounts, int[] present, int[]? referenceCodes, int[]? currentCodes)
    {
        _referenceCounts = referenceCounts;
        _currentCounts = currentCounts;
        _present = present;
        _referenceCodes = referenceCodes;
        _currentCodes = currentCodes;
        foreach (var c in referenceCounts)
        {
            ReferenceSize += c;
        }

        foreach (var c in currentCounts)
        {
            CurrentSize += c;
        }

        foreach (var code in present)
        {
            if (referenceCounts[code] > 0)
            {
                ReferenceDistinctCount++;
            }
        }
    }

    /// <summary>The number of non-missing reference values.</summary>
    public int ReferenceSize { get; }

    /// <summary>The number of non-missing current values.</summary>
    public int CurrentSize { get; }

    /// <summary>The number of categories present in reference ∪ current, used by the default test selection.</summary>
    public int DistinctCount => _present.Length;

    /// <summary>The number of categories present in the reference.</summary>
    public int ReferenceDistinctCount { get; }

    /// <summary>Per-code reference counts (indexed by code).</summary>
    internal ReadOnlySpan<int> ReferenceCounts => _referenceCounts;

    /// <summary>Per-code current counts (indexed by code).</summary>
    internal ReadOnlySpan<int> CurrentCounts => _currentCounts;

    /// <summary>The codes present on either side, in ascending label order.</summary>
    internal ReadOnlySpan<int> Present => _present;

    /// <summary>Whether the code sequences are known (they are not for a numerical column seen as categories).</summary>
    internal bool HasSequences => _referenceCodes is not null;

    internal ReadOnlySpan<int> ReferenceCodes => _referenceCodes;

    internal ReadOnlySpan<int> CurrentCodes => _currentCodes;

    /// <summary>
    /// Builds the samples from codes. <paramref name="labels"/> (one per code) fixes the category order described
    /// on the type; without labels the codes' own order is used. Throws <see cref="ArgusException"/> when a side has
    /// no non-missing value; <paramref name="column"/> names the column in that message.
    /// </summary>
    public static CategoricalSamples Create(
        ReadOnlySpan<int> reference, ReadOnlySpan<int> current, int categoryCount, IReadOnlyList<string>? labels = null, string column = "column")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(categoryCount);
        if (labels is not null && labels.Count < categoryCount)
        {
            throw new ArgumentException($"{categoryCount} categories need as many labels; {labels.Count} given.", nameof(labels));
        }

        var referenceCodes = Clean(reference, categoryCount, out var referenceCounts);
        var currentCodes = Clean(current, categoryCount, out var currentCounts);
        if (referenceCodes.Length == 0 || currentCodes.Length == 0)
        {
            var side = referenceCodes.Length == 0 ? (currentCodes.Length == 0 ? "reference and current" : "reference") : "current";
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"Column '{column}' has no values in the {side} data once missing values are dropped; a drift test needs at least one value on each side.");
        }

        var present = new List<int>();
        for (var code = 0; code < categoryCount; code++)
        {
            if (referenceCounts[code] + currentCounts[code] > 0)
            {
                present.Add(code);
            }
        }

        var ordered = present.ToArray();
        if (labels is not null)
        {
            SortByLabel(ordered, labels);
        }

        return new CategoricalSamples(referenceCounts, currentCounts, ordered, referenceCodes, currentCodes);
    }

    /// <summary>Sees a numerical column as categories: one per distinct value, in ascending order (counts only).</summary>
    internal static CategoricalSamples FromSortedNumbers(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        var referenceCounts = new List<int>();
        var currentCounts = new List<int>();
        var groups = new TieGroups(sortedReference, sortedCurrent);
        while (groups.MoveNext())
        {
            referenceCounts.Add(groups.EndA - groups.StartA);
            currentCounts.Add(groups.EndB - groups.StartB);
        }

        var present = new int[referenceCounts.Count];
        for (var k = 0; k < present.Length; k++)
        {
            present[k] = k;
        }

        return new CategoricalSamples([.. referenceCounts], [.. currentCounts], present, null, null);
    }

    private static int[] Clean(ReadOnlySpan<int> codes, int categoryCount, out int[] counts)
    {
        counts = new int[categoryCount];
        var n = 0;
        foreach (var code in codes)
        {
            if (code < 0)
            {
                continue;
            }

            if (code >= categoryCount)
            {
                throw new ArgumentOutOfRangeException(nameof(codes), code, $"Category code {code} is not below the category count {categoryCount}.");
            }

            counts[code]++;
            n++;
        }

        var result = new int[n];
        var k = 0;
        foreach (var code in codes)
        {
            if (code >= 0)
            {
                result[k++] = code;
            }
        }

        return result;
    }

    private static void SortByLabel(int[] codes, IReadOnlyList<string> labels)
    {
        var numbers = new double[codes.Length];
        var numeric = true;
        for (var i = 0; i < codes.Length && numeric; i++)
        {
            numeric = double.TryParse(labels[codes[i]], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]);
        }

        if (numeric)
        {
            Array.Sort(numbers, codes);
        }
        else
        {
            Array.Sort(codes, (a, b) => string.CompareOrdinal(labels[a], labels[b]));
        }
    }
}
