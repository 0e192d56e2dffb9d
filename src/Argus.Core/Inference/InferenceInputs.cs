using System.Globalization;
using System.Text.Json;

namespace Argus.Core.Inference;

/// <summary>
/// Builds and reads <see cref="InferenceRecord.Inputs"/>: UTF-8 JSON of input rows. A server that already holds the
/// request body passes the slice of the rows instead (no serialization on the request thread).
/// </summary>
public static class InferenceInputs
{
    /// <summary>
    /// Serializes rows of values (numbers, strings, booleans, null) to <c>[[…],[…]]</c>. Non-finite numbers are written
    /// as the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>.
    /// </summary>
    public static byte[] FromRows(IReadOnlyList<IReadOnlyList<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var buffer = new ByteBuffer(256);
        using (var writer = new Utf8JsonWriter(buffer, InferenceJson.WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var row in rows)
            {
                writer.WriteStartArray();
                foreach (var value in row)
                {
                    WriteValue(writer, value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads inputs back as rows of values: numbers as <see cref="double"/>, strings, booleans and null; a nested
    /// array or object is returned as its JSON text. Empty inputs give no rows; inputs that are not an array of
    /// arrays give one row holding the whole value.
    /// </summary>
    public static IReadOnlyList<object?[]> ReadRows(ReadOnlyMemory<byte> inputs)
    {
        if (inputs.IsEmpty)
        {
            return [];
        }

        using var document = JsonDocument.Parse(inputs);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            return [[ToValue(root)]];
        }

        var rows = new List<object?[]>(root.GetArrayLength());
        foreach (var row in root.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array)
            {
                rows.Add([ToValue(row)]);
                continue;
            }

            var values = new object?[row.GetArrayLength()];
            var i = 0;
            foreach (var value in row.EnumerateArray())
            {
                values[i++] = ToValue(value);
            }

            rows.Add(values);
        }

        return rows;
    }

    private static object? ToValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case double d:
                InferenceJson.WriteNumber(writer, d);
                break;
            case float f:
                InferenceJson.WriteNumber(writer, f);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case IConvertible c when value is byte or sbyte or short or ushort or uint or ulong:
                writer.WriteNumberValue(c.ToDecimal(CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
