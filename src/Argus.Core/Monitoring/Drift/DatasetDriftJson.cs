using System.Text;
using System.Text.Json;

namespace Argus.Core.Monitoring.Drift;

/// <summary>
/// Writes a <see cref="DatasetDriftResult"/> as
/// <c>{"dataset_drift", "drift_share", "number_of_columns", "number_of_drifted_columns", "share_of_drifted_columns",
/// "columns": {name: {"column_type", "stattest", "threshold", "score", "drift_detected"}}}</c>; a NaN score is
/// written as <c>null</c>. Skipped columns are not part of this shape.
/// </summary>
public static class DatasetDriftJson
{
    /// <summary>Writes the report to <paramref name="writer"/>.</summary>
    public static void Write(Utf8JsonWriter writer, DatasetDriftResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteStartObject();
        writer.WriteBoolean("dataset_drift", result.DatasetDrift);
        WriteNumber(writer, "drift_share", result.DriftShare);
        writer.WriteNumber("number_of_columns", result.NumberOfColumns);
        writer.WriteNumber("number_of_drifted_columns", result.NumberOfDriftedColumns);
        WriteNumber(writer, "share_of_drifted_columns", result.ShareOfDriftedColumns);
        writer.WriteStartObject("columns");
        foreach (var column in result.Columns)
        {
            writer.WriteStartObject(column.Column);
            writer.WriteString("column_type", column.ColumnType);
            writer.WriteString("stattest", column.StatTest);
            WriteNumber(writer, "threshold", column.Threshold);
            WriteNumber(writer, "score", column.Score);
            writer.WriteBoolean("drift_detected", column.DriftDetected);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The report as a JSON string.</summary>
    public static string ToJson(DatasetDriftResult result, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            Write(writer, result);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
