using System.Buffers;
using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Quality;

/// <summary>
/// Per-column statistics in one sort (numeric) or one counting pass (categorical): O(n log n) and O(n + labels),
/// with the sort buffer rented from the shared pool.
/// </summary>
public static class ColumnStatistics
{
    /// <summary>The statistics of a column, numeric or categorical by its storage.</summary>
    public static ColumnSummary Summarize(QualityColumn column, QualityColumn? reference = null, int histogramBins = Histogram.DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.IsNumeric)
        {
            return new ColumnSummary(column.Name, column.Type, Numeric(column.Numbers.Span, histogramBins), null);
        }

        var referenceLabels = reference is { IsNumeric: false } ? PresentLabels(reference.Codes.Span, reference.Labels!) : null;
        return new ColumnSummary(column.Name, column.Type, null, Categorical(column.Codes.Span, column.Labels!, referenceLabels));
    }

    /// <summary>The statistics of a numeric column (NaN = missing).</summary>
    public static NumericColumnStats Numeric(ReadOnlySpan<double> values, int histogramBins = Histogram.DefaultBins)
    {
        long rowCount = values.Length, infinite = 0;
        foreach (var x in values)
        {
            if (double.IsInfinity(x))
            {
                infinite++;
            }
        }

        var buffer = ArrayPool<double>.Shared.Rent(Math.Max(values.Length, 1));
        try
        {
            var count = NumericKernels.CopyNotNaN(values, buffer);
            var sorted = buffer.AsSpan(0, count);
            sorted.Sort();
            var missing = rowCount - count;
            var mean = NumericKernels.Mean(sorted);
            var std = Math.Sqrt(NumericKernels.Variance(sorted, mean, 1));
            long unique = 0, bestCount = 0;
            var best = double.NaN;
            for (var i = 0; i < count;)
            {
                var j = i + 1;
                while (j < count && sorted[j] == sorted[i])
                {
                    j++;
                }

                unique++;
                if (j - i > bestCount)
                {
                    bestCount = j - i;
                    best = sorted[i];
                }

                i = j;
            }

            return new NumericColumnStats(
                rowCount,
                count,
                missing,
                Share(missing, rowCount),
                count > 0 ? sorted[0] : double.NaN,
                count > 0 ? sorted[count - 1] : double.NaN,
                mean,
                std,
                NumericKernels.QuantileSorted(sorted, 0.25),
                NumericKernels.QuantileSorted(sorted, 0.5),
                NumericKernels.QuantileSorted(sorted, 0.75),
                unique,
                Share(unique, rowCount),
                infinite,
                Share(infinite, rowCount),
                best == 0 ? 0.0 : best,
                bestCount,
                Share(bestCount, rowCount),
                Histogram.Compute(values, histogramBins));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The statistics of a categorical column of codes (-1 = missing) into <paramref name="labels"/>. With
    /// <paramref name="referenceLabels"/> (the labels the reference uses) it also lists new and unused labels.
    /// </summary>
    public static CategoricalColumnStats Categorical(ReadOnlySpan<int> codes, IReadOnlyList<string> labels, IReadOnlySet<string>? referenceLabels = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var counts = CountCodes(codes, labels.Count, out var missing);
        long rowCount = codes.Length;
        var present = new List<LabelCount>();
        for (var code = 0; code < counts.Length; code++)
        {
            if (counts[code] > 0)
            {
                present.Add(new LabelCount(labels[code], counts[code], Share(counts[code], rowCount)));
            }
        }

        present.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Label, b.Label));
        List<string>? newInCurrent = null, unused = null;
        if (referenceLabels is not null)
        {
            newInCurrent = [];
            var current = new HashSet<string>(StringComparer.Ordinal);
            foreach (var label in present)
            {
                current.Add(label.Label);
                if (!referenceLabels.Contains(label.Label))
                {
                    newInCurrent.Add(label.Label);
                }
            }

            unused = [];
            foreach (var label in referenceLabels)
            {
                if (!current.Contains(label))
                {
                    unused.Add(label);
                }
            }

            newInCurrent.Sort(StringComparer.Ordinal);
            unused.Sort(StringComparer.Ordinal);
        }

        var top = present.Count > 0 ? present[0] : null;
        return new CategoricalColumnStats(
            rowCount,
            rowCount - missing,
            missing,
            Share(missing, rowCount),
            present.Count,
            Share(present.Count, rowCount),
            present,
            top?.Label,
            top?.Count ?? 0,
            top?.Share ?? 0,
            newInCurrent,
            unused);
    }

    /// <summary>The labels a coded column actually uses (codes that occur at least once).</summary>
    public static IReadOnlySet<string> PresentLabels(ReadOnlySpan<int> codes, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var counts = CountCodes(codes, labels.Count, out _);
        var result = new HashSet<string>(StringComparer.Ordinal);
        for (var code = 0; code < counts.Length; code++)
        {
            if (counts[code] > 0)
            {
                result.Add(labels[code]);
            }
        }

        return result;
    }

    internal static long[] CountCodes(ReadOnlySpan<int> codes, int labelCount, out long missing)
    {
        var counts = new long[labelCount];
        missing = 0;
        foreach (var code in codes)
        {
            if (code < 0)
            {
                missing++;
            }
            else if (code < labelCount)
            {
                counts[code]++;
            }
            else
            {
                throw new ArgusException(ErrorCode.InvalidParameterValue, $"Code {code} is not an index into {labelCount} labels.");
            }
        }

        return counts;
    }

    internal static double Share(long part, long whole) => whole == 0 ? double.NaN : (double)part / whole;
}
