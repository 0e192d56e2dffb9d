using System.Text.Json;

namespace Argus.Core.Inference;

/// <summary>
/// Parses inference log lines. One parser per file: it reuses the column array, the model name and the version of
/// the previous line when they repeat (they nearly always do), so a line costs its values, not its header.
/// </summary>
internal sealed class InferenceRecordParser
{
    private readonly List<float> _outputs = [];
    private byte[] _lastColumnsJson = [];
    private string[] _lastColumns = [];
    private string? _lastModel;
    private string? _lastVersion;

    /// <summary>Parses one line; false when it is not a complete record (torn, corrupt, or missing a key).</summary>
    public bool TryParse(ReadOnlySpan<byte> line, out InferenceRecord? record)
    {
        record = null;
        try
        {
            return TryParseCore(line, out record);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private bool TryParseCore(ReadOnlySpan<byte> line, out InferenceRecord? record)
    {
        record = null;
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        string? requestId = null;
        DateTimeOffset? timestamp = null;
        string? model = null;
        var version = "";
        IReadOnlyList<string> columns = [];
        ReadOnlyMemory<byte> inputs = default;
        float[] outputs = [];
        var width = 1;
        long latency = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(InferenceJson.RequestId.EncodedUtf8Bytes))
            {
                reader.Read();
                requestId = reader.GetString();
            }
            else if (reader.ValueTextEquals(InferenceJson.Timestamp.EncodedUtf8Bytes))
            {
                reader.Read();
                timestamp = reader.GetDateTimeOffset();
            }
            else if (reader.ValueTextEquals(InferenceJson.Model.EncodedUtf8Bytes))
            {
                reader.Read();
                model = _lastModel is not null && reader.ValueTextEquals(_lastModel) ? _lastModel : _lastModel = reader.GetString();
            }
            else if (reader.ValueTextEquals(InferenceJson.Version.EncodedUtf8Bytes))
            {
                reader.Read();
                version = _lastVersion is not null && reader.ValueTextEquals(_lastVersion) ? _lastVersion : _lastVersion = reader.GetString() ?? "";
            }
            else if (reader.ValueTextEquals(InferenceJson.Columns.EncodedUtf8Bytes))
            {
                reader.Read();
                columns = ReadColumns(ref reader, line);
            }
            else if (reader.ValueTextEquals(InferenceJson.Inputs.EncodedUtf8Bytes))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    inputs = line[start..(int)reader.BytesConsumed].ToArray();
                }
            }
            else if (reader.ValueTextEquals(InferenceJson.Outputs.EncodedUtf8Bytes))
            {
                reader.Read();
                outputs = ReadOutputs(ref reader);
            }
            else if (reader.ValueTextEquals(InferenceJson.OutputWidth.EncodedUtf8Bytes))
            {
                reader.Read();
                width = reader.GetInt32();
            }
            else if (reader.ValueTextEquals(InferenceJson.LatencyMicroseconds.EncodedUtf8Bytes))
            {
                reader.Read();
                latency = reader.GetInt64();
            }
            else
            {
                // A key a later version added: skip it.
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || requestId is null || timestamp is null || model is null || width < 1)
        {
            return false;
        }

        record = new InferenceRecord
        {
            RequestId = requestId,
            Timestamp = timestamp.Value,
            Model = model,
            Version = version,
            Columns = columns,
            Inputs = inputs,
            Outputs = outputs,
            OutputWidth = width,
            LatencyMicroseconds = latency,
        };
        return true;
    }

    private string[] ReadColumns(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("columns must be an array");
        }

        var start = (int)reader.TokenStartIndex;
        var copy = reader;
        reader.Skip();
        var raw = line[start..(int)reader.BytesConsumed];
        if (raw.SequenceEqual(_lastColumnsJson))
        {
            return _lastColumns;
        }

        var names = new List<string>();
        while (copy.Read() && copy.TokenType == JsonTokenType.String)
        {
            names.Add(copy.GetString()!);
        }

        _lastColumnsJson = raw.ToArray();
        _lastColumns = [.. names];
        return _lastColumns;
    }

    private float[] ReadOutputs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("outputs must be an array");
        }

        _outputs.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            _outputs.Add(InferenceJson.ReadSingle(ref reader));
        }

        return [.. _outputs];
    }
}
