using System.Buffers;
using System.Numerics;
using Argus.Core.Data;
using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Quality;

/// <summary>
/// Dataset-level counts with Evidently's rules (<c>data_integration.py</c>): duplicated rows by hashing each row and
/// sorting the hashes (O(n·k + n log n), collisions checked cell by cell), column pairs compared in O(k²·n).
/// </summary>
public static class DatasetStatistics
{
    /// <summary>Evidently's default for the almost-duplicated and almost-constant rules.</summary>
    public const double DefaultAlmostThreshold = 0.95;

    /// <summary>
    /// Computes the counts for <paramref name="columns"/> (all of one length). <paramref name="summaries"/>, when given,
    /// must be the columns' own summaries in the same order; they spare a second sort per column.
    /// </summary>
    public static DatasetStats Compute(
        IReadOnlyList<QualityColumn> columns,
        IReadOnlyList<ColumnSummary>? summaries = null,
        double almostDuplicatedThreshold = DefaultAlmostThreshold,
        double almostConstantThreshold = DefaultAlmostThreshold)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var rows = RowCount(columns);
        summaries ??= Summaries(columns);
        if (summaries.Count != columns.Count)
        {
            throw new ArgumentException("One summary per column is required.", nameof(summaries));
        }

        int numerical = 0, categorical = 0, datetime = 0, text = 0, constant = 0, almostConstant = 0, emptyColumns = 0;
        long missing = 0;
        for (var c = 0; c < columns.Count; c++)
        {
            switch (columns[c].Type)
            {
                case ColumnType.Numerical: numerical++; break;
                case ColumnType.Categorical: categorical++; break;
                case ColumnType.Datetime: datetime++; break;
                case ColumnType.Text: text++; break;
            }

            var (columnMissing, unique, mostCommon) = summaries[c].Numeric is { } n
                ? (n.MissingCount, n.UniqueCount, n.MostCommonCount)
                : (summaries[c].Categorical!.MissingCount, summaries[c].Categorical!.UniqueCount, summaries[c].Categorical!.MostCommonCount);
            missing += columnMissing;
            constant += unique <= 1 ? 1 : 0;
            almostConstant += mostCommon > 0 && (double)mostCommon / rows >= almostConstantThreshold ? 1 : 0;
            emptyColumns += columnMissing == rows ? 1 : 0;
        }

        var (duplicatedColumns, almostDuplicatedColumns) = ColumnPairs(columns, rows, almostDuplicatedThreshold);
        var cells = (long)rows * columns.Count;
        return new DatasetStats(
            rows,
            columns.Count,
            numerical,
            categorical,
            datetime,
            text,
            DuplicatedRows(columns, rows),
            duplicatedColumns,
            almostDuplicatedColumns,
            constant,
            almostConstant,
            EmptyRows(columns, rows),
            emptyColumns,
            missing,
            ColumnStatistics.Share(missing, cells));
    }

    internal static int RowCount(IReadOnlyList<QualityColumn> columns)
    {
        var rows = columns.Count > 0 ? columns[0].Length : 0;
        foreach (var column in columns)
        {
            if (column.Length != rows)
            {
                throw new ArgusException(ErrorCode.InvalidParameterValue,
                    $"Column '{column.Name}' has {column.Length} rows; '{columns[0].Name}' has {rows}. All columns of a dataset need the same length.");
            }
        }

        return rows;
    }

    private static ColumnSummary[] Summaries(IReadOnlyList<QualityColumn> columns)
    {
        var result = new ColumnSummary[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            result[c] = ColumnStatistics.Summarize(columns[c]);
        }

        return result;
    }

    private static long EmptyRows(IReadOnlyList<QualityColumn> columns, int rows)
    {
        var seen = ArrayPool<bool>.Shared.Rent(Math.Max(rows, 1));
        try
        {
            var present = seen.AsSpan(0, rows);
            present.Clear();
            foreach (var column in columns)
            {
                if (column.IsNumeric)
                {
                    var values = column.Numbers.Span;
                    for (var i = 0; i < rows; i++)
                    {
                        present[i] |= !double.IsNaN(values[i]);
                    }
                }
                else
                {
                    var codes = column.Codes.Span;
                    for (var i = 0; i < rows; i++)
                    {
                        present[i] |= codes[i] >= 0;
                    }
                }
            }

            long empty = 0;
            foreach (var p in present)
            {
                empty += p ? 0 : 1;
            }

            return empty;
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(seen);
        }
    }

    private static long DuplicatedRows(IReadOnlyList<QualityColumn> columns, int rows)
    {
        if (rows < 2)
        {
            return 0;
        }

        var hashes = ArrayPool<ulong>.Shared.Rent(rows);
        var order = ArrayPool<int>.Shared.Rent(rows);
        try
        {
            var h = hashes.AsSpan(0, rows);
            h.Fill(0xCBF29CE484222325UL);
            foreach (var column in columns)
            {
                if (column.IsNumeric)
                {
                    var values = column.Numbers.Span;
                    for (var i = 0; i < rows; i++)
                    {
                        h[i] = Mix(h[i], CellBits(values[i]));
                    }
                }
                else
                {
                    var codes = column.Codes.Span;
                    for (var i = 0; i < rows; i++)
                    {
                        h[i] = Mix(h[i], (ulong)(long)codes[i]);
                    }
                }
            }

            for (var i = 0; i < rows; i++)
            {
                order[i] = i;
            }

            Array.Sort(hashes, order, 0, rows);
            long distinct = 0;
            var representatives = new List<int>();
            for (var i = 0; i < rows;)
            {
                var j = i + 1;
                while (j < rows && hashes[j] == hashes[i])
                {
                    j++;
                }

                if (j - i == 1)
                {
                    distinct++;
                }
                else
                {
                    // Equal hashes are nearly always equal rows; a collision only adds a representative.
                    representatives.Clear();
                    for (var k = i; k < j; k++)
                    {
                        var known = false;
                        foreach (var r in representatives)
                        {
                            if (RowsEqual(columns, r, order[k]))
                            {
                                known = true;
                                break;
                            }
                        }

                        if (!known)
                        {
                            representatives.Add(order[k]);
                        }
                    }

                    distinct += representatives.Count;
                }

                i = j;
            }

            return rows - distinct;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(hashes);
            ArrayPool<int>.Shared.Return(order);
        }
    }

    // NaN is one value and -0.0 equals 0.0, as in pandas' hash tables.
    private static ulong CellBits(double value) =>
        double.IsNaN(value) ? 0x7FF8000000000000UL : value == 0 ? 0UL : (ulong)BitConverter.DoubleToInt64Bits(value);

    private static ulong Mix(ulong hash, ulong value) =>
        BitOperations.RotateLeft((hash ^ value) * 0x9E3779B97F4A7C15UL, 29) * 0xBF58476D1CE4E5B9UL;

    private static bool RowsEqual(IReadOnlyList<QualityColumn> columns, int a, int b)
    {
        foreach (var column in columns)
        {
            if (column.IsNumeric)
            {
                var values = column.Numbers.Span;
                if (!SameCell(values[a], values[b]))
                {
                    return false;
                }
            }
            else if (column.Codes.Span[a] != column.Codes.Span[b])
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameCell(double x, double y) => x == y || (double.IsNaN(x) && double.IsNaN(y));

    private static (int Duplicated, int AlmostDuplicated) ColumnPairs(IReadOnlyList<QualityColumn> columns, int rows, double threshold)
    {
        int duplicated = 0, almost = 0;
        for (var a = 0; a < columns.Count; a++)
        {
            for (var b = a + 1; b < columns.Count; b++)
            {
                var x = columns[a];
                var y = columns[b];
                if (x.Type != y.Type || x.IsNumeric != y.IsNumeric)
                {
                    continue;
                }

                var (same, equalNonMissing) = x.IsNumeric
                    ? CompareNumeric(x.Numbers.Span, y.Numbers.Span)
                    : CompareCoded(x, y);
                duplicated += same ? 1 : 0;
                almost += rows > 0 && (double)equalNonMissing / rows >= threshold ? 1 : 0;
            }
        }

        return (duplicated, almost);
    }

    private static (bool Same, long EqualNonMissing) CompareNumeric(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var same = true;
        long equal = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] == y[i])
            {
                equal++;
            }
            else if (!(double.IsNaN(x[i]) && double.IsNaN(y[i])))
            {
                same = false;
            }
        }

        return (same, equal);
    }

    private static (bool Same, long EqualNonMissing) CompareCoded(QualityColumn x, QualityColumn y)
    {
        // Codes of y translated into x's label space once, so rows compare as integers (-2: a label x lacks).
        var xIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < x.Labels!.Count; i++)
        {
            xIndex[x.Labels[i]] = i;
        }

        var map = new int[y.Labels!.Count];
        for (var i = 0; i < map.Length; i++)
        {
            map[i] = xIndex.TryGetValue(y.Labels[i], out var code) ? code : -2;
        }

        var xs = x.Codes.Span;
        var ys = y.Codes.Span;
        var same = true;
        long equal = 0;
        for (var i = 0; i < xs.Length; i++)
        {
            var mapped = ys[i] < 0 ? -1 : map[ys[i]];
            if (mapped != xs[i])
            {
                same = false;
            }
            else if (mapped >= 0)
            {
                equal++;
            }
        }

        return (same, equal);
    }
}
