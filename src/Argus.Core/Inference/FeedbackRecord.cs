namespace Argus.Core.Inference;

/// <summary>
/// Ground truth for a logged prediction, joined to it by <see cref="RequestId"/>.
/// <para>
/// With <see cref="Row"/> set, <see cref="Actual"/> holds the values of that row of the request (usually one). Without
/// it, <see cref="Actual"/> covers every row of the request, the same number of values per row, row after row (one
/// value for a single-row request). When several feedback records address the same row, the latest timestamp wins.
/// </para>
/// </summary>
/// <param name="RequestId">The request id of the prediction.</param>
/// <param name="Timestamp">When the ground truth was recorded.</param>
/// <param name="Actual">The true values (see above).</param>
/// <param name="Row">The 0-based row of the request the values belong to, or null for all rows.</param>
public sealed record FeedbackRecord(string RequestId, DateTimeOffset Timestamp, IReadOnlyList<FeedbackValue> Actual, int? Row = null);
