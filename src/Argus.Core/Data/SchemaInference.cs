using System.Globalization;
using Argus.Core.Errors;

namespace Argus.Core.Data;

/// <summary>
/// Column type inference and column-mapping resolution.
/// <para>
/// The per-column rule follows Evidently's <c>infer_column_type</c> (new API, <c>core/datasets.py</c>; see
/// docs/reference/evidently.md §2.4 "Column type inference when no mapping is given"), applied to the dtype
/// pandas' <c>read_csv</c> would give the column:
/// </para>
/// <list type="number">
/// <item>all cells missing → numerical (all NaN). Evidently says "unknown"; numerical keeps the column
/// harmless for XGBoost, which treats it as all-missing.</item>
/// <item>every cell an integer and none missing (pandas int64) → categorical if the number of distinct values is
/// ≤ 10 (<c>INTEGER_CARDINALITY_LIMIT</c>), else numerical. An integer column with a missing cell is float64
/// in pandas, hence numerical.</item>
/// <item>every non-missing cell a number (pandas float64) → numerical, whatever its cardinality.</item>
/// <item>every non-missing cell <c>True</c>/<c>False</c> (pandas bool) → categorical.</item>
/// <item>every non-missing cell an ISO-8601 date or date-time → datetime (Argus addition: pandas would need
/// <c>parse_dates</c>).</item>
/// <item>other strings → text if distinct count &gt; 0.5 × non-missing count, else categorical.</item>
/// </list>
/// <para>
/// The task, when the mapping does not give it, follows Evidently's legacy guess: a numeric target with ≥ 5
/// distinct values is regression, otherwise classification.
/// </para>
/// </summary>
public static class SchemaInference
{
    /// <summary>Evidently's <c>INTEGER_CARDINALITY_LIMIT</c>.</summary>
    public const int IntegerCardinalityLimit = 10;

    /// <summary>Evidently's legacy regression guess: a numeric target with at least this many distinct values.</summary>
    public const int RegressionMinDistinct = 5;

    private static readonly string[] IsoFormats = BuildIsoFormats();

    /// <summary>The inferred type of one column; <see langword="null"/> cells are missing.</summary>
    public static ColumnType InferColumnType(ReadOnlySpan<string?> values) => InferColumnType(ColumnFacts.Of(values));

    /// <summary>The inferred type of a column from its <see cref="ColumnFacts"/>.</summary>
    public static ColumnType InferColumnType(ColumnFacts facts)
    {
        if (facts.NonMissing == 0)
        {
            return ColumnType.Numerical;
        }

        if (facts.AllInteger && facts.Missing == 0)
        {
            return facts.DistinctIntegers <= IntegerCardinalityLimit ? ColumnType.Categorical : ColumnType.Numerical;
        }

        if (facts.AllNumber)
        {
            return ColumnType.Numerical;
        }

        if (facts.AllBoolean)
        {
            return ColumnType.Categorical;
        }

        if (facts.AllDate)
        {
            return ColumnType.Datetime;
        }

        return facts.DistinctStrings > 0.5 * facts.NonMissing ? ColumnType.Text : ColumnType.Categorical;
    }

    /// <summary>True when <paramref name="text"/> parses as a number (invariant culture).</summary>
    public static bool IsNumber(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>True when <paramref name="text"/> is an ISO-8601 date (<c>yyyy-MM-dd</c>) or date-time.</summary>
    public static bool IsIsoDate(string text) =>
        DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    /// <summary>
    /// Resolves the schema of a file from its raw columns and an optional mapping. Every mapping problem is
    /// collected and reported in one <see cref="ArgusException"/>.
    /// </summary>
    public static DataSchema Resolve(string sourceName, IReadOnlyList<string> names, IReadOnlyList<string?[]> columns, ColumnMapping? mapping)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return Resolve(sourceName, names, columns.Select(c => ColumnFacts.Of(c)).ToList(), mapping);
    }

    /// <summary>
    /// Resolves the schema of a file from the <see cref="ColumnFacts"/> of its columns (gathered while streaming) and an
    /// optional mapping, as the overload taking the cells does.
    /// </summary>
    public static DataSchema Resolve(string sourceName, IReadOnlyList<string> names, IReadOnlyList<ColumnFacts> columns, ColumnMapping? mapping)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(columns);
        mapping ??= new ColumnMapping();
        var problems = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            index[names[i]] = i;
        }

        TaskType? task = null;
        if (mapping.Task is not null)
        {
            if (string.Equals(mapping.Task, "regression", StringComparison.OrdinalIgnoreCase))
            {
                task = TaskType.Regression;
            }
            else if (string.Equals(mapping.Task, "classification", StringComparison.OrdinalIgnoreCase))
            {
                task = TaskType.Classification;
            }
            else
            {
                problems.Add($"unknown task '{mapping.Task}' (expected regression or classification)");
            }
        }

        // Every column named by the mapping, with where it was named, to find unknown and repeated names.
        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        void Claim(string? name, string role)
        {
            if (name is null)
            {
                return;
            }

            if (!index.ContainsKey(name))
            {
                problems.Add($"{role} '{name}' is not a column of {sourceName}");
            }

            if (!listed.TryAdd(name, role))
            {
                problems.Add($"column '{name}' is listed twice ({listed[name]} and {role})");
            }
        }

        Claim(mapping.Target, "target");
        Claim(mapping.Prediction, "prediction");
        Claim(mapping.Id, "id");
        Claim(mapping.Datetime, "datetime");
        foreach (var name in mapping.NumericalFeatures ?? [])
        {
            Claim(name, "numerical_features");
        }

        foreach (var name in mapping.CategoricalFeatures ?? [])
        {
            Claim(name, "categorical_features");
        }

        foreach (var name in mapping.TextFeatures ?? [])
        {
            Claim(name, "text_features");
        }

        if (mapping.Target is null && task is not null)
        {
            problems.Add($"task '{mapping.Task}' is given but no target");
        }

        var inferred = new ColumnType[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            inferred[i] = InferColumnType(columns[i]);
        }

        var types = (ColumnType[])inferred.Clone();
        if (mapping.Target is { } target && index.TryGetValue(target, out var t))
        {
            var facts = columns[t];
            if (task == TaskType.Regression && !facts.AllNumber)
            {
                problems.Add($"target '{target}' is categorical (it has non-numeric values) but task is regression");
            }

            task ??= facts.AllNumber && facts.DistinctNumbers >= RegressionMinDistinct ? TaskType.Regression : TaskType.Classification;
            types[t] = task == TaskType.Regression ? ColumnType.Numerical : ColumnType.Categorical;
        }

        foreach (var name in mapping.NumericalFeatures ?? [])
        {
            if (index.TryGetValue(name, out var i) && !columns[i].AllNumber)
            {
                problems.Add($"numerical feature '{name}' has non-numeric values");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"Invalid column mapping for {sourceName}: " + string.Join("; ", problems) + ".");
        }

        var features = new List<string>();
        var text = new List<string>();
        foreach (var name in mapping.NumericalFeatures ?? [])
        {
            types[index[name]] = ColumnType.Numerical;
            features.Add(name);
        }

        foreach (var name in mapping.CategoricalFeatures ?? [])
        {
            types[index[name]] = ColumnType.Categorical;
            features.Add(name);
        }

        foreach (var name in mapping.TextFeatures ?? [])
        {
            types[index[name]] = ColumnType.Text;
            text.Add(name);
        }

        var datetime = mapping.Datetime;
        if (datetime is not null)
        {
            types[index[datetime]] = ColumnType.Datetime;
        }
        else
        {
            // Evidently: when exactly one datetime column exists, it becomes the timestamp.
            string? only = null;
            var count = 0;
            for (var i = 0; i < names.Count; i++)
            {
                if (types[i] == ColumnType.Datetime && !listed.ContainsKey(names[i]))
                {
                    only = names[i];
                    count++;
                }
            }

            if (count == 1)
            {
                datetime = only;
                listed[only!] = "datetime";
            }
        }

        for (var i = 0; i < names.Count; i++)
        {
            if (listed.ContainsKey(names[i]))
            {
                continue;
            }

            switch (types[i])
            {
                case ColumnType.Numerical when mapping.NumericalFeatures is null:
                case ColumnType.Categorical when mapping.CategoricalFeatures is null:
                    features.Add(names[i]);
                    break;
                case ColumnType.Text when mapping.TextFeatures is null:
                    text.Add(names[i]);
                    break;
                default:
                    break;
            }
        }

        var schemaColumns = new ColumnSchema[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            schemaColumns[i] = new ColumnSchema(names[i], types[i]);
        }

        return new DataSchema(schemaColumns, mapping.Target, mapping.Prediction, mapping.Id, datetime, task, features, text);
    }

    private static string[] BuildIsoFormats()
    {
        var formats = new List<string> { "yyyy-MM-dd" };
        foreach (var separator in new[] { "'T'", " " })
        {
            foreach (var time in new[] { "HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF" })
            {
                foreach (var zone in new[] { "", "'Z'", "zzz" })
                {
                    formats.Add("yyyy-MM-dd" + separator + time + zone);
                }
            }
        }

        return [.. formats];
    }
}
