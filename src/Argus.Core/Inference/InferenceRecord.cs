namespace Argus.Core.Inference;

/// <summary>
/// One prediction as the inference log keeps it: who asked (request id), when, which model version answered,
/// the inputs as received and the outputs, and how long it took.
/// </summary>
public sealed record InferenceRecord
{
    /// <summary>The request id, the key that ground truth (<see cref="FeedbackRecord"/>) is joined on.</summary>
    public required string RequestId { get; init; }

    /// <summary>When the prediction was made. It also chooses the log's hour partition (in UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The registered model's name.</summary>
    public required string Model { get; init; }

    /// <summary>The model version that answered.</summary>
    public required string Version { get; init; }

    /// <summary>The input column names, in the order of the values of each input row, as received.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>
    /// The input rows as UTF-8 JSON, as received: normally an array with one array per row, values in
    /// <see cref="Columns"/> order (<c>[[16.99,"Female"],[10.34,"Male"]]</c>). The log copies these bytes as they are
    /// (checked to be one JSON value; minified only if they hold line breaks), so the request thread hands over
    /// bytes it already has instead of serializing. The bytes must not change after the record is written (so not a
    /// pooled buffer that goes back to its pool). <see cref="InferenceInputs"/> builds and reads them.
    /// </summary>
    public required ReadOnlyMemory<byte> Inputs { get; init; }

    /// <summary>
    /// True when the caller has already read <see cref="Inputs"/> as one JSON value (the scoring endpoint has: they are a
    /// slice of the request it parsed). The log then copies them without checking them again.
    /// </summary>
    public bool InputsChecked { get; init; }

    /// <summary>The outputs, row after row: <see cref="OutputWidth"/> values per row.</summary>
    public required float[] Outputs { get; init; }

    /// <summary>
    /// <see cref="Outputs"/> already written as the log writes them, a JSON array of shortest round-trip numbers with
    /// non-finite values as the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c> (a regression server's answer
    /// holds exactly these bytes). The log copies them; empty, it formats <see cref="Outputs"/> itself.
    /// </summary>
    public ReadOnlyMemory<byte> OutputsJson { get; init; }

    /// <summary>Outputs per row (k): 1 for regression and binary models, k for multi-output models.</summary>
    /// <value>1</value>
    public int OutputWidth { get; init; } = 1;

    /// <summary>How long the prediction took, in microseconds.</summary>
    public long LatencyMicroseconds { get; init; }

    /// <summary>The number of rows: <c>Outputs.Length / OutputWidth</c>.</summary>
    public int RowCount => OutputWidth > 0 ? Outputs.Length / OutputWidth : 0;
}
