namespace Argus.Core.Monitoring.Quality;

/// <summary>
/// Flattens a data-quality result into metric paths for test suites: <c>quality.row_count</c>,
/// <c>quality.columns.&lt;name&gt;.missing_share</c>, ... One dictionary for the current data, one for the reference.
/// </summary>
public static class QualityMetricPaths
{
    /// <summary>The prefix of every data-quality path.</summary>
    public const string Prefix = "quality";

    /// <summary>The current data's values by path.</summary>
    public static IReadOnlyDictionary<string, double> Current(DataQualityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Flatten(result.Current, result.CurrentColumns);
    }

    /// <summary>The reference data's values by path (empty when the report had no reference).</summary>
    public static IReadOnlyDictionary<string, double> Reference(DataQualityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Reference is null || result.ReferenceColumns is null
            ? new Dictionary<string, double>(StringComparer.Ordinal)
            : Flatten(result.Reference, result.ReferenceColumns);
    }

    private static Dictionary<string, double> Flatten(DatasetStats stats, IReadOnlyList<ColumnSummary> columns)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [$"{Prefix}.row_count"] = stats.RowCount,
            [$"{Prefix}.column_count"] = stats.ColumnCount,
            [$"{Prefix}.numerical_column_count"] = stats.NumericalColumnCount,
            [$"{Prefix}.categorical_column_count"] = stats.CategoricalColumnCount,
            [$"{Prefix}.datetime_column_count"] = stats.DatetimeColumnCount,
            [$"{Prefix}.text_column_count"] = stats.TextColumnCount,
            [$"{Prefix}.duplicated_row_count"] = stats.DuplicatedRowCount,
            [$"{Prefix}.duplicated_column_count"] = stats.DuplicatedColumnCount,
            [$"{Prefix}.almost_duplicated_column_count"] = stats.AlmostDuplicatedColumnCount,
            [$"{Prefix}.constant_column_count"] = stats.ConstantColumnCount,
            [$"{Prefix}.almost_constant_column_count"] = stats.AlmostConstantColumnCount,
            [$"{Prefix}.empty_row_count"] = stats.EmptyRowCount,
            [$"{Prefix}.empty_column_count"] = stats.EmptyColumnCount,
            [$"{Prefix}.missing_value_count"] = stats.MissingValueCount,
            [$"{Prefix}.missing_value_share"] = stats.MissingValueShare,
        };
        foreach (var column in columns)
        {
            var p = $"{Prefix}.columns.{column.Name}.";
            if (column.Numeric is { } n)
            {
                values[p + "count"] = n.Count;
                values[p + "missing_count"] = n.MissingCount;
                values[p + "missing_share"] = n.MissingShare;
                values[p + "min"] = n.Min;
                values[p + "max"] = n.Max;
                values[p + "mean"] = n.Mean;
                values[p + "std"] = n.Std;
                values[p + "p25"] = n.P25;
                values[p + "p50"] = n.P50;
                values[p + "p75"] = n.P75;
                values[p + "unique_count"] = n.UniqueCount;
                values[p + "unique_share"] = n.UniqueShare;
                values[p + "infinite_count"] = n.InfiniteCount;
                values[p + "infinite_share"] = n.InfiniteShare;
                values[p + "most_common_share"] = n.MostCommonShare;
            }
            else if (column.Categorical is { } c)
            {
                values[p + "count"] = c.Count;
                values[p + "missing_count"] = c.MissingCount;
                values[p + "missing_share"] = c.MissingShare;
                values[p + "unique_count"] = c.UniqueCount;
                values[p + "unique_share"] = c.UniqueShare;
                values[p + "most_common_share"] = c.MostCommonShare;
                if (c.NewInCurrentCount is { } added)
                {
                    values[p + "new_in_current_count"] = added;
                }

                if (c.UnusedInCurrentCount is { } unused)
                {
                    values[p + "unused_in_current_count"] = unused;
                }

                foreach (var label in c.Labels)
                {
                    values[$"{p}labels.{label.Label}.share"] = label.Share;
                }
            }
        }

        return values;
    }
}
