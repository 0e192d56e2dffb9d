using System.Globalization;
using System.Text.Json;
using Argus.XGBoost.Inference;
using Argus.XGBoost.Models;

namespace Argus.Server.Serving;

/// <summary>
/// One loaded model version as the server uses it: the request schema, the trees evaluated in managed code
/// (<see cref="TreeEnsemble"/>, bit-identical to libxgboost's predictions and far cheaper per request than a
/// native call) and how outputs become answers (a number per row for regression; the class label for
/// classification). It holds no native resources and never changes: a swap replaces the whole object, so a
/// request sees one version from start to end, and the old one is simply collected.
/// </summary>
internal sealed class ServingModel
{
    private readonly TreeEnsemble _trees;

    // Class labels as JSON strings, escaped as Utf8JsonWriter escapes them; null for regression.
    private readonly byte[][]? _classJson;

    // The longest value of an answer: a float32 in shortest form (at most 15 bytes, "-1.23456789E-38"), "-Infinity" or a class label.
    private readonly int _maxValueBytes;

    public ServingModel(ModelPackage package, string name, string version)
    {
        ArgumentNullException.ThrowIfNull(package);
        _trees = TreeEnsemble.Load(package.ModelJson.Span);
        Name = name;
        Version = version;
        Manifest = package.Manifest;
        var ignored = new List<string>(package.Manifest.IgnoredTextFeatures) { package.Manifest.Target };
        Schema = new InputSchema(package.Encoder.Features, ignored);
        Classes = package.Manifest.Output.Classes is { Count: > 0 } classes ? [.. classes] : null;
        OutputsPerRow = _trees.OutputsPerRow;
        _classJson = Classes?.Select(c => (byte[])[(byte)'"', .. JsonEncodedText.Encode(c).EncodedUtf8Bytes, (byte)'"']).ToArray();
        _maxValueBytes = Math.Max(16, _classJson?.Max(c => c.Length) ?? 0);
    }

    private static ReadOnlySpan<byte> AnswerStart => "{\"predictions\":["u8;

    private static ReadOnlySpan<byte> AnswerEnd => "]}"u8;

    public string Name { get; }

    public string Version { get; }

    public ModelManifest Manifest { get; }

    public InputSchema Schema { get; }

    /// <summary>Class labels of a classifier, by class index; null for regression.</summary>
    public string[]? Classes { get; }

    /// <summary>Raw outputs per row: 1, or the class count of a multi-class model (probabilities).</summary>
    public int OutputsPerRow { get; }

    /// <summary>Raw model outputs for the encoded rows.</summary>
    public float[] Predict(InputBatch batch)
    {
        var outputs = new float[batch.Rows * _trees.OutputsPerRow];
        _trees.Predict(batch.Values, batch.Rows, outputs);
        return outputs;
    }

    /// <summary>The most bytes <see cref="WriteAnswer"/> writes for <paramref name="outputCount"/> outputs.</summary>
    public int MaxAnswerBytes(int outputCount) => AnswerStart.Length + AnswerEnd.Length + (outputCount * (_maxValueBytes + 1));

    /// <summary>
    /// Writes the answer, <c>{"predictions":[...]}</c>: numbers (float32 values in shortest round-trip form) or class
    /// labels; the bytes <see cref="Utf8JsonWriter"/> writes with default options. <paramref name="destination"/> holds at
    /// least <see cref="MaxAnswerBytes"/>; returns the bytes written.
    /// </summary>
    public int WriteAnswer(ReadOnlySpan<float> outputs, Span<byte> destination)
    {
        AnswerStart.CopyTo(destination);
        var at = AnswerStart.Length;
        var rows = outputs.Length / OutputsPerRow;
        for (var r = 0; r < rows; r++)
        {
            if (r > 0)
            {
                destination[at++] = (byte)',';
            }

            ReadOnlySpan<byte> value;
            if (_classJson is null)
            {
                var number = outputs[r];
                if (float.IsFinite(number))
                {
                    if (!number.TryFormat(destination[at..], out var written, "R", CultureInfo.InvariantCulture))
                    {
                        throw new ArgumentException("The destination is shorter than MaxAnswerBytes.", nameof(destination));
                    }

                    at += written;
                    continue;
                }

                value = float.IsNaN(number) ? "\"NaN\""u8 : number > 0 ? "\"Infinity\""u8 : "\"-Infinity\""u8;
            }
            else
            {
                value = _classJson[ClassOf(outputs.Slice(r * OutputsPerRow, OutputsPerRow))];
            }

            value.CopyTo(destination[at..]);
            at += value.Length;
        }

        AnswerEnd.CopyTo(destination[at..]);
        return at + AnswerEnd.Length;
    }

    /// <summary>
    /// The outputs as the inference log writes them (<see cref="Argus.Core.Inference.InferenceRecord.OutputsJson"/>), copied from an answer
    /// <see cref="WriteAnswer"/> wrote, when the answer holds exactly those (one number per row, no class labels); else
    /// empty, and the log formats the outputs itself.
    /// </summary>
    public ReadOnlyMemory<byte> OutputsJson(ReadOnlySpan<byte> answer)
    {
        if (_classJson is not null || OutputsPerRow != 1)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        // The answer is {"predictions":[...]}: keep its array, brackets included.
        return answer[(AnswerStart.Length - 1)..^(AnswerEnd.Length - 1)].ToArray();
    }

    /// <summary>
    /// The input rows as JSON, in signature order, as the inference log keeps them (categories by value): a copy of
    /// the request's own bytes when they already are that (<see cref="InputBatch.RowsJson"/> in <paramref name="body"/>),
    /// else written from the encoded rows.
    /// </summary>
    public byte[] InputsJson(InputBatch batch, ReadOnlySpan<byte> body) =>
        batch.RowsJson is var (start, length) ? body.Slice(start, length).ToArray() : InputsJson(batch);

    /// <summary>The input rows as JSON, in signature order, as the inference log keeps them (categories by value).</summary>
    private byte[] InputsJson(InputBatch batch)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64 * Math.Max(1, batch.Rows));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var values = batch.Values;
            // Unseen categories arrive in the order the request gave them (records may name features in any order,
            // columnar input goes column by column); walk them in row-major order.
            var unseen = batch.Unseen;
            unseen?.Sort(static (a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : a.Feature.CompareTo(b.Feature));
            var next = 0;
            writer.WriteStartArray();
            for (var r = 0; r < batch.Rows; r++)
            {
                writer.WriteStartArray();
                for (var f = 0; f < batch.Width; f++)
                {
                    var value = values[(r * batch.Width) + f];
                    if (unseen is not null && next < unseen.Count && unseen[next].Row == r && unseen[next].Feature == f)
                    {
                        writer.WriteStringValue(unseen[next++].Value);
                    }
                    else if (float.IsNaN(value))
                    {
                        writer.WriteNullValue();
                    }
                    else if (Schema.IsCategorical[f])
                    {
                        writer.WriteStringValue(Schema.Categories[f][(int)value]);
                    }
                    else
                    {
                        WriteNumber(writer, value);
                    }
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private int ClassOf(ReadOnlySpan<float> scores)
    {
        if (scores.Length == 1)
        {
            return scores[0] >= 0.5f ? 1 : 0;
        }

        var best = 0;
        for (var k = 1; k < scores.Length; k++)
        {
            if (scores[k] > scores[best])
            {
                best = k;
            }
        }

        return best;
    }

    // The float's shortest round-trip text (16.99, not 16.989999771118164): what the model saw, read back exactly as a float.
    private static void WriteNumber(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            Span<byte> text = stackalloc byte[32];
            value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture);
            writer.WriteRawValue(text[..written], skipInputValidation: true);
        }
        else
        {
            writer.WriteStringValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
