using Argus.Core.Data;

namespace Argus.Core.Monitoring.Quality;

/// <summary>
/// Correlation matrices over a dataset with Evidently's column choice: Pearson, Spearman and Kendall over the
/// numerical columns with more than one distinct value, Cramér's V over the categorical columns with more than one
/// label (<c>_select_features_for_corr</c>). Pairs are O(n) (Pearson, Cramér's V) or O(n log n) (Spearman, Kendall);
/// a column without missing or infinite values is ranked once and its ranks reused for every pair (4 bytes a row).
/// </summary>
public static class CorrelationMatrices
{
    /// <summary>All four kinds, in Evidently's order.</summary>
    public static IReadOnlyList<CorrelationKind> AllKinds { get; } =
        [CorrelationKind.Pearson, CorrelationKind.Spearman, CorrelationKind.Kendall, CorrelationKind.CramerV];

    /// <summary>
    /// One matrix per kind in <paramref name="kinds"/>. <paramref name="summaries"/> (the columns' own, in order) give the
    /// distinct-value counts; they are computed when not given.
    /// </summary>
    public static IReadOnlyList<CorrelationMatrix> Compute(
        IReadOnlyList<QualityColumn> columns,
        IReadOnlyList<CorrelationKind> kinds,
        IReadOnlyList<ColumnSummary>? summaries = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(kinds);
        DatasetStatistics.RowCount(columns);
        var numeric = new List<QualityColumn>();
        var categorical = new List<QualityColumn>();
        for (var c = 0; c < columns.Count; c++)
        {
            var column = columns[c];
            var summary = summaries?[c] ?? ColumnStatistics.Summarize(column);
            var unique = summary.Numeric?.UniqueCount ?? summary.Categorical!.UniqueCount;
            if (unique <= 1)
            {
                continue;
            }

            if (column.Type == ColumnType.Numerical && column.IsNumeric)
            {
                numeric.Add(column);
            }
            else if (column.Type == ColumnType.Categorical && !column.IsNumeric)
            {
                categorical.Add(column);
            }
        }

        var ranks = new RankCache(numeric);
        var result = new List<CorrelationMatrix>(kinds.Count);
        foreach (var kind in kinds)
        {
            result.Add(kind == CorrelationKind.CramerV ? CramersV(categorical) : Numeric(numeric, kind, ranks));
        }

        return result;
    }

    private static CorrelationMatrix Numeric(List<QualityColumn> columns, CorrelationKind kind, RankCache ranks)
    {
        var k = columns.Count;
        var values = NewMatrix(k);
        for (var a = 0; a < k; a++)
        {
            values[a][a] = Diagonal(columns[a].Numbers.Span, kind);
            for (var b = 0; b < a; b++)
            {
                var x = columns[a].Numbers.Span;
                var y = columns[b].Numbers.Span;
                var r = kind switch
                {
                    CorrelationKind.Pearson => Correlation.Pearson(x, y),
                    CorrelationKind.Spearman => ranks.TryGet(a, out var rx) && ranks.TryGet(b, out var ry)
                        ? Correlation.SpearmanFromRanks(rx, ry)
                        : Correlation.Spearman(x, y),
                    _ => ranks.TryGet(a, out var kx) && ranks.TryGet(b, out var ky)
                        ? Correlation.KendallFromRanks(kx, ky)
                        : Correlation.KendallTauB(x, y),
                };
                values[a][b] = r;
                values[b][a] = r;
            }
        }

        return new CorrelationMatrix(kind, Names(columns), values);
    }

    // pandas computes the diagonal with the pair formula: 1 when the finite values are not all equal (Kendall: when
    // there is any finite value), NaN otherwise.
    private static double Diagonal(ReadOnlySpan<double> values, CorrelationKind kind)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var x in values)
        {
            if (double.IsFinite(x))
            {
                min = Math.Min(min, x);
                max = Math.Max(max, x);
            }
        }

        var anyFinite = min <= max;
        return kind == CorrelationKind.Kendall ? (anyFinite ? 1.0 : double.NaN) : (anyFinite && min < max ? 1.0 : double.NaN);
    }

    private static CorrelationMatrix CramersV(List<QualityColumn> columns)
    {
        var k = columns.Count;
        var values = NewMatrix(k);
        for (var a = 0; a < k; a++)
        {
            values[a][a] = 1.0;
            for (var b = 0; b < a; b++)
            {
                var v = Correlation.CramersV(columns[a].Codes.Span, columns[a].Labels!.Count, columns[b].Codes.Span, columns[b].Labels!.Count);
                values[a][b] = v;
                values[b][a] = v;
            }
        }

        return new CorrelationMatrix(CorrelationKind.CramerV, Names(columns), values);
    }

    private static double[][] NewMatrix(int k)
    {
        var values = new double[k][];
        for (var i = 0; i < k; i++)
        {
            values[i] = new double[k];
        }

        return values;
    }

    private static string[] Names(List<QualityColumn> columns)
    {
        var names = new string[columns.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = columns[i].Name;
        }

        return names;
    }

    /// <summary>Doubled average ranks of the columns that are finite in every row, computed on first use.</summary>
    private sealed class RankCache(List<QualityColumn> columns)
    {
        private readonly int[]?[] _ranks = new int[columns.Count][];
        private readonly bool[] _checked = new bool[columns.Count];

        public bool TryGet(int column, out ReadOnlySpan<int> ranks)
        {
            if (!_checked[column])
            {
                _checked[column] = true;
                var values = columns[column].Numbers.Span;
                var full = true;
                foreach (var x in values)
                {
                    if (!double.IsFinite(x))
                    {
                        full = false;
                        break;
                    }
                }

                if (full)
                {
                    var r = new int[values.Length];
                    Ranks.DoubledAverageRanks(values, r);
                    _ranks[column] = r;
                }
            }

            ranks = _ranks[column];
            return _ranks[column] is not null;
        }
    }
}
