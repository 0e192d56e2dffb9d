using System.Text.Json;

namespace Argus.Core.Data;

/// <summary>
/// A summary of a table for MLflow's dataset <c>profile</c> and <c>argus data profile</c>: row count and, per
/// column, type, missing count, min/max/mean (numerical) or distinct count and most frequent values (others; ties
/// broken by ordinal value order).
/// </summary>
public sealed record DatasetProfile(long RowCount, IReadOnlyList<ColumnProfile> Columns)
{
    /// <summary>How many top values a profile keeps per column.</summary>
    public const int DefaultTopValues = 5;

    public static DatasetProfile Compute(Table table, int topValues = DefaultTopValues)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfNegative(topValues);
        var columns = new List<ColumnProfile>(table.Columns.Count);
        foreach (var column in table.Columns)
        {
            columns.Add(column.Numbers is { } numbers ? Numerical(column.Name, numbers) : Strings(column, topValues));
        }

        return new DatasetProfile(table.RowCount, columns);
    }

    public static DatasetProfile FromJson(string json) =>
        JsonSerializer.Deserialize<DatasetProfile>(json, DataJson.Options)
        ?? throw new Errors.ArgusException(Errors.ErrorCode.InvalidParameterValue, "Profile JSON is empty.");

    public string ToJson() => JsonSerializer.Serialize(this, DataJson.Options);

    private static ColumnProfile Numerical(string name, ReadOnlySpan<double> values)
    {
        long missing = 0, count = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        foreach (var value in values)
        {
            if (double.IsNaN(value))
            {
                missing++;
                continue;
            }

            count++;
            sum += value;
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        return count == 0
            ? new ColumnProfile(name, ColumnType.Numerical, missing)
            : new ColumnProfile(name, ColumnType.Numerical, missing, min, max, sum / count);
    }

    private static ColumnProfile Strings(TableColumn column, int topValues)
    {
        long missing = 0;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var value in column.Strings!)
        {
            if (value is null)
            {
                missing++;
            }
            else
            {
                counts[value] = counts.GetValueOrDefault(value) + 1;
            }
        }

        var ranked = new List<KeyValuePair<string, long>>(counts);
        ranked.Sort((a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        var top = new List<ValueCount>(Math.Min(topValues, ranked.Count));
        for (var i = 0; i < top.Capacity; i++)
        {
            top.Add(new ValueCount(ranked[i].Key, ranked[i].Value));
        }

        return new ColumnProfile(column.Name, column.Type, missing, DistinctCount: counts.Count, TopValues: top);
    }
}
