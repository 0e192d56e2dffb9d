using System.Globalization;
using System.Text.Json;
using Argus.Core.Errors;

namespace Argus.Core.Data;

/// <summary>
/// The encoding fitted on training data, serialisable to JSON so serving encodes identically.
/// <list type="bullet">
/// <item>numerical feature → its value as float, NaN when missing;</item>
/// <item>categorical feature → the index of its value among the training categories sorted in ordinal
/// (<see cref="StringComparer.Ordinal"/>) order; missing → NaN (XGBoost's missing); a value unseen in training →
/// NaN as well, counted in <see cref="EncodedData.UnseenCount"/>, never an error;</item>
/// <item>regression target → the number; classification target → the index in <see cref="Classes"/>, which are
/// sorted numerically when every label is a number, else in ordinal order.</item>
/// </list>
/// Feature order is <see cref="DataSchema.Features"/>; text features are not encoded.
/// </summary>
public sealed record TabularEncoder(IReadOnlyList<FeatureEncoding> Features, string? Target, TaskType? Task, IReadOnlyList<string>? Classes)
{
    /// <summary>Fits on <paramref name="training"/> under its schema.</summary>
    public static TabularEncoder Fit(Table training)
    {
        ArgumentNullException.ThrowIfNull(training);
        var schema = training.Schema;
        var features = new List<FeatureEncoding>(schema.Features.Count);
        foreach (var name in schema.Features)
        {
            var column = training[name];
            features.Add(column.Type == ColumnType.Numerical
                ? new FeatureEncoding(name, ColumnType.Numerical)
                : new FeatureEncoding(name, ColumnType.Categorical, Distinct(column.Strings!, StringComparer.Ordinal)));
        }

        IReadOnlyList<string>? classes = null;
        if (schema.Target is { } target && schema.Task == TaskType.Classification)
        {
            var labels = training[target].Strings ?? throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"{training.Name}: classification target '{target}' must be categorical.");
            var all = true;
            foreach (var label in labels)
            {
                all = all && (label is null || SchemaInference.IsNumber(label));
            }

            classes = Distinct(labels, all ? NumericOrder.Instance : StringComparer.Ordinal);
        }

        return new TabularEncoder(features, schema.Target, schema.Task, classes);
    }

    /// <summary>Reads an encoder written by <see cref="ToJson"/>.</summary>
    public static TabularEncoder FromJson(string json) =>
        JsonSerializer.Deserialize<TabularEncoder>(json, DataJson.Options)
        ?? throw new ArgusException(ErrorCode.InvalidParameterValue, "Encoder JSON is empty.");

    public string ToJson() => JsonSerializer.Serialize(this, DataJson.Options);

    /// <summary>
    /// Encodes <paramref name="table"/>. Labels are produced when the table has the target column; a missing or
    /// unknown label is an error naming the file line.
    /// </summary>
    public EncodedData Encode(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = table.RowCount;
        var width = Features.Count;
        var matrix = new float[rows * width];
        var names = new string[width];
        var unseen = new Dictionary<string, long>(StringComparer.Ordinal);
        long unseenTotal = 0;
        for (var f = 0; f < width; f++)
        {
            var feature = Features[f];
            names[f] = feature.Name;
            var column = table[feature.Name];
            if (feature.Type == ColumnType.Numerical)
            {
                var values = column.Numbers ?? throw TypeMismatch(table, feature);
                for (var r = 0; r < rows; r++)
                {
                    matrix[(r * width) + f] = (float)values[r];
                }

                continue;
            }

            var cells = column.Strings ?? throw TypeMismatch(table, feature);
            var codes = Codes(feature.Categories ?? []);
            long count = 0;
            for (var r = 0; r < rows; r++)
            {
                var cell = cells[r];
                float code = float.NaN;
                if (cell is not null && !codes.TryGetValue(cell, out code))
                {
                    code = float.NaN;
                    count++;
                }

                matrix[(r * width) + f] = code;
            }

            if (count > 0)
            {
                unseen[feature.Name] = count;
                unseenTotal += count;
            }
        }

        var labels = Target is not null && table.TryGetColumn(Target, out var target) ? EncodeLabels(table, target) : null;
        return new EncodedData(matrix, rows, names, labels, unseenTotal, unseen);
    }

    private float[] EncodeLabels(Table table, TableColumn target)
    {
        var labels = new float[table.RowCount];
        if (Task == TaskType.Regression)
        {
            var values = target.Numbers ?? throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"{table.Name}: regression target '{target.Name}' is not numerical.");
            for (var r = 0; r < labels.Length; r++)
            {
                if (double.IsNaN(values[r]))
                {
                    throw new ArgusException(ErrorCode.InvalidParameterValue,
                        $"{table.Name} line {table.SourceLine(r)}: target '{target.Name}' is missing");
                }

                labels[r] = (float)values[r];
            }

            return labels;
        }

        var cells = target.Strings ?? throw new ArgusException(ErrorCode.InvalidParameterValue,
            $"{table.Name}: classification target '{target.Name}' is not categorical.");
        var codes = Codes(Classes ?? []);
        for (var r = 0; r < labels.Length; r++)
        {
            var cell = cells[r];
            if (cell is null || !codes.TryGetValue(cell, out labels[r]))
            {
                throw new ArgusException(ErrorCode.InvalidParameterValue, cell is null
                    ? $"{table.Name} line {table.SourceLine(r)}: target '{target.Name}' is missing"
                    : $"{table.Name} line {table.SourceLine(r)}: target '{target.Name}' has class '{cell}', unseen in training");
            }
        }

        return labels;
    }

    private static Dictionary<string, float> Codes(IReadOnlyList<string> categories)
    {
        var codes = new Dictionary<string, float>(categories.Count, StringComparer.Ordinal);
        for (var i = 0; i < categories.Count; i++)
        {
            codes[categories[i]] = i;
        }

        return codes;
    }

    private static string[] Distinct(string?[] cells, IComparer<string> order)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in cells)
        {
            if (cell is not null)
            {
                set.Add(cell);
            }
        }

        var sorted = set.ToArray();
        Array.Sort(sorted, order);
        return sorted;
    }

    private static ArgusException TypeMismatch(Table table, FeatureEncoding feature) =>
        new(ErrorCode.InvalidParameterValue,
            $"{table.Name}: feature '{feature.Name}' was {feature.Type.ToString().ToLowerInvariant()} in training but is {table[feature.Name].Type.ToString().ToLowerInvariant()} here.");

    private sealed class NumericOrder : IComparer<string>
    {
        public static readonly NumericOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var byValue = double.Parse(x!, NumberStyles.Float, CultureInfo.InvariantCulture)
                .CompareTo(double.Parse(y!, NumberStyles.Float, CultureInfo.InvariantCulture));
            return byValue != 0 ? byValue : string.CompareOrdinal(x, y);
        }
    }
}
