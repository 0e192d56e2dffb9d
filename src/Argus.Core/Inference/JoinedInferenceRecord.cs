namespace Argus.Core.Inference;

/// <summary>A logged prediction with the ground truth known for it.</summary>
/// <param name="Inference">The prediction.</param>
/// <param name="Feedback">The feedback records for its request id, oldest first (empty when none arrived).</param>
/// <param name="ActualByRow">
/// Per row of the request (<see cref="InferenceRecord.RowCount"/> entries), the true values of that row, or null where
/// none are known; null as a whole when nothing is known. Feedback that does not fit the request (a row out of
/// range, values not divisible among the rows) is left out.
/// </param>
public sealed record JoinedInferenceRecord(InferenceRecord Inference, IReadOnlyList<FeedbackRecord> Feedback, IReadOnlyList<IReadOnlyList<FeedbackValue>?>? ActualByRow)
{
    /// <summary>True when ground truth is known for at least one row.</summary>
    public bool HasActual => ActualByRow is not null;
}
