namespace Argus.Core.Inference;

/// <summary>
/// What travels through the writer's channel: a record, or (record null) a control entry — a flush request when
/// <see cref="Flush"/> is set, else an fsync tick from the interval timer.
/// </summary>
internal readonly record struct LogEntry(InferenceRecord? Record, TaskCompletionSource? Flush);
