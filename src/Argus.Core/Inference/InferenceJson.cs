using System.Text.Encodings.Web;
using System.Text.Json;

namespace Argus.Core.Inference;

/// <summary>
/// The JSON Lines format of the inference and feedback logs, written and read with <see cref="Utf8JsonWriter"/> and
/// <see cref="Utf8JsonReader"/> (no reflection). Keys are snake_case; non-finite outputs are the strings
/// <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>; timestamps are ISO 8601 in UTC.
/// </summary>
internal static class InferenceJson
{
    // Log files are not HTML: keep non-ASCII text readable instead of \uXXXX-escaping it.
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    public static readonly JsonEncodedText RequestId = JsonEncodedText.Encode("request_id");
    public static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    public static readonly JsonEncodedText Model = JsonEncodedText.Encode("model");
    public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    public static readonly JsonEncodedText Columns = JsonEncodedText.Encode("columns");
    public static readonly JsonEncodedText Inputs = JsonEncodedText.Encode("inputs");
    public static readonly JsonEncodedText Outputs = JsonEncodedText.Encode("outputs");
    public static readonly JsonEncodedText OutputWidth = JsonEncodedText.Encode("output_width");
    public static readonly JsonEncodedText LatencyMicroseconds = JsonEncodedText.Encode("latency_us");
    public static readonly JsonEncodedText Actual = JsonEncodedText.Encode("actual");
    public static readonly JsonEncodedText Row = JsonEncodedText.Encode("row");

    private static readonly JsonEncodedText NaN = JsonEncodedText.Encode("NaN");
    private static readonly JsonEncodedText PositiveInfinity = JsonEncodedText.Encode("Infinity");
    private static readonly JsonEncodedText NegativeInfinity = JsonEncodedText.Encode("-Infinity");

    /// <summary>Writes one record as a JSON object (no line break). Throws on inputs that are not one JSON value.</summary>
    public static void WriteRecord(Utf8JsonWriter writer, InferenceRecord record)
    {
        writer.WriteStartObject();
        writer.WriteString(RequestId, record.RequestId);
        writer.WriteString(Timestamp, record.Timestamp.UtcDateTime);
        writer.WriteString(Model, record.Model);
        writer.WriteString(Version, record.Version);
        writer.WriteStartArray(Columns);
        foreach (var column in record.Columns)
        {
            writer.WriteStringValue(column);
        }

        writer.WriteEndArray();
        writer.WritePropertyName(Inputs);
        WriteInputs(writer, record.Inputs, record.InputsChecked);
        if (record.OutputsJson.IsEmpty)
        {
            writer.WriteStartArray(Outputs);
            foreach (var output in record.Outputs)
            {
                WriteNumber(writer, output);
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WritePropertyName(Outputs);
            writer.WriteRawValue(record.OutputsJson.Span, skipInputValidation: true);
        }

        if (record.OutputWidth != 1)
        {
            writer.WriteNumber(OutputWidth, record.OutputWidth);
        }

        writer.WriteNumber(LatencyMicroseconds, record.LatencyMicroseconds);
        writer.WriteEndObject();
    }

    public static void WriteFeedback(Utf8JsonWriter writer, FeedbackRecord feedback)
    {
        writer.WriteStartObject();
        writer.WriteString(RequestId, feedback.RequestId);
        writer.WriteString(Timestamp, feedback.Timestamp.UtcDateTime);
        writer.WriteStartArray(Actual);
        foreach (var value in feedback.Actual)
        {
            if (value.Label is { } label)
            {
                writer.WriteStringValue(label);
            }
            else
            {
                writer.WriteNumberValue(value.Number);
            }
        }

        writer.WriteEndArray();
        if (feedback.Row is { } row)
        {
            writer.WriteNumber(Row, row);
        }

        writer.WriteEndObject();
    }

    public static void WriteNumber(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(float.IsNaN(value) ? NaN : value > 0 ? PositiveInfinity : NegativeInfinity);
        }
    }

    public static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? NaN : value > 0 ? PositiveInfinity : NegativeInfinity);
        }
    }

    /// <summary>Reads a number written by <see cref="WriteNumber(Utf8JsonWriter, float)"/>.</summary>
    public static float ReadSingle(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetSingle();
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.ValueTextEquals("NaN"u8))
            {
                return float.NaN;
            }

            if (reader.ValueTextEquals("Infinity"u8))
            {
                return float.PositiveInfinity;
            }

            if (reader.ValueTextEquals("-Infinity"u8))
            {
                return float.NegativeInfinity;
            }
        }

        throw new JsonException($"expected a number, found {reader.TokenType}");
    }

    /// <summary>Parses one feedback line; false when it is not a complete feedback record.</summary>
    public static bool TryParseFeedback(ReadOnlySpan<byte> line, out FeedbackRecord? feedback)
    {
        feedback = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string? requestId = null;
            DateTimeOffset? timestamp = null;
            List<FeedbackValue>? actual = null;
            int? row = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(RequestId.EncodedUtf8Bytes))
                {
                    reader.Read();
                    requestId = reader.GetString();
                }
                else if (reader.ValueTextEquals(Timestamp.EncodedUtf8Bytes))
                {
                    reader.Read();
                    timestamp = reader.GetDateTimeOffset();
                }
                else if (reader.ValueTextEquals(Actual.EncodedUtf8Bytes))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        return false;
                    }

                    actual = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        actual.Add(reader.TokenType switch
                        {
                            JsonTokenType.Number => FeedbackValue.FromNumber(reader.GetDouble()),
                            JsonTokenType.String => FeedbackValue.FromLabel(reader.GetString()!),
                            _ => throw new JsonException("feedback values are numbers or strings"),
                        });
                    }
                }
                else if (reader.ValueTextEquals(Row.EncodedUtf8Bytes))
                {
                    reader.Read();
                    row = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || requestId is null || timestamp is null || actual is null)
            {
                return false;
            }

            feedback = new FeedbackRecord(requestId, timestamp.Value, actual, row);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private static void WriteInputs(Utf8JsonWriter writer, ReadOnlyMemory<byte> inputs, bool isChecked)
    {
        var span = inputs.Span;
        if (span.IsEmpty)
        {
            writer.WriteNullValue();
        }
        else if (span.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            // Validated (one JSON value, nothing after it) unless the caller has, and copied as is: no re-serialization.
            writer.WriteRawValue(span, skipInputValidation: isChecked);
        }
        else
        {
            // Pretty-printed input would break the one-record-per-line format: minify it.
            using var document = JsonDocument.Parse(inputs);
            document.RootElement.WriteTo(writer);
        }
    }
}
