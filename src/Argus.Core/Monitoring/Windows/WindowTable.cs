using System.Globalization;
using Argus.Core.Data;
using Argus.Core.Inference;

namespace Argus.Core.Monitoring.Windows;

/// <summary>
/// Builds the "current" table of a monitoring window from inference-log records: the reference's columns (inputs as
/// the model saw them; the target from feedback ground truth, missing where none arrived) plus the model's output as
/// <see cref="PredictionColumn"/>. A reference column no request sent stays missing; inputs the reference lacks are ignored.
/// </summary>
public sealed class WindowTable
{
    /// <summary>The name of the model-output column in a window table.</summary>
    public const string PredictionColumn = "prediction";

    private readonly DataSchema _reference;
    private readonly List<List<string?>> _strings = [];
    private readonly List<double> _predictions = [];
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly List<List<double>> _numberRows = [];

    /// <summary>Starts an empty window shaped like <paramref name="reference"/>.</summary>
    public WindowTable(DataSchema reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        _reference = reference;
        for (var i = 0; i < reference.Columns.Count; i++)
        {
            _slots[reference.Columns[i].Name] = i;
            _numberRows.Add([]);
            _strings.Add([]);
        }
    }

    /// <summary>Rows added so far.</summary>
    public int RowCount => _predictions.Count;

    /// <summary>Rows with ground truth so far.</summary>
    public int RowsWithActual { get; private set; }

    /// <summary>The model version that answered the window's latest prediction (null before the first).</summary>
    public string? Version { get; private set; }

    /// <summary>Adds every row of a logged prediction (with its ground truth when known).</summary>
    public void Add(JoinedInferenceRecord joined)
    {
        ArgumentNullException.ThrowIfNull(joined);
        var record = joined.Inference;
        Version = record.Version;
        var rows = InferenceInputs.ReadRows(record.Inputs);
        var positions = new int[record.Columns.Count];
        for (var c = 0; c < positions.Length; c++)
        {
            positions[c] = _slots.TryGetValue(record.Columns[c], out var slot) ? slot : -1;
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var seen = new bool[_reference.Columns.Count];
            for (var c = 0; c < positions.Length && c < row.Length; c++)
            {
                if (positions[c] >= 0)
                {
                    Append(positions[c], row[c]);
                    seen[positions[c]] = true;
                }
            }

            if (_reference.Target is { } target && _slots.TryGetValue(target, out var targetSlot) && !seen[targetSlot])
            {
                var actual = joined.ActualByRow is { } byRow && r < byRow.Count && byRow[r] is { Count: > 0 } values ? values[0] : (FeedbackValue?)null;
                Append(targetSlot, actual is { } a ? (a.IsNumber ? a.Number : a.Label) : null);
                seen[targetSlot] = true;
                RowsWithActual += actual is null ? 0 : 1;
            }

            for (var s = 0; s < seen.Length; s++)
            {
                if (!seen[s])
                {
                    Append(s, null);
                }
            }

            var width = record.OutputWidth;
            _predictions.Add(r * width < record.Outputs.Length ? record.Outputs[r * width] : double.NaN);
        }
    }

    /// <summary>The window's rows as a table named <paramref name="name"/>, typed like the reference.</summary>
    public Table ToTable(string name)
    {
        var columns = new List<TableColumn>();
        for (var i = 0; i < _reference.Columns.Count; i++)
        {
            var column = _reference.Columns[i];
            columns.Add(column.Type == ColumnType.Numerical
                ? TableColumn.Numerical(column.Name, [.. _numberRows[i]])
                : TableColumn.OfStrings(column.Name, column.Type, [.. _strings[i]]));
        }

        columns.Add(TableColumn.Numerical(PredictionColumn, [.. _predictions]));
        var schemaColumns = _reference.Columns.Append(new ColumnSchema(PredictionColumn, ColumnType.Numerical)).ToList();
        var schema = _reference with { Columns = schemaColumns, Prediction = PredictionColumn };
        return new Table(name, columns, schema, RowCount);
    }

    /// <summary>
    /// <paramref name="reference"/> with <paramref name="predictions"/> as its <see cref="PredictionColumn"/>, shaped like a
    /// window's table, so a window and its reference have the same columns.
    /// </summary>
    public static Table WithPredictions(Table reference, double[] predictions)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Length != reference.RowCount)
        {
            throw new ArgumentException($"{predictions.Length} predictions for {reference.RowCount} reference rows.", nameof(predictions));
        }

        var columns = reference.Columns.Where(c => c.Name != PredictionColumn).Append(TableColumn.Numerical(PredictionColumn, predictions)).ToList();
        var schemaColumns = reference.Schema.Columns.Where(c => c.Name != PredictionColumn).Append(new ColumnSchema(PredictionColumn, ColumnType.Numerical)).ToList();
        return new Table(reference.Name, columns, reference.Schema with { Columns = schemaColumns, Prediction = PredictionColumn }, reference.RowCount);
    }

    private void Append(int slot, object? value)
    {
        if (_reference.Columns[slot].Type == ColumnType.Numerical)
        {
            _numberRows[slot].Add(value switch
            {
                double d => d,
                string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => double.NaN,
            });
        }
        else
        {
            _strings[slot].Add(value switch
            {
                null => null,
                string s => s,
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            });
        }
    }
}
