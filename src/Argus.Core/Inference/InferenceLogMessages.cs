using Microsoft.Extensions.Logging;

namespace Argus.Core.Inference;

/// <summary>The inference log's log messages (event ids 4000–4099).</summary>
internal static partial class InferenceLogMessages
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "Inference log write to {Path} failed (attempt {Attempt}); the batch stays in memory and is retried in {RetryDelay}")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string path, int attempt, TimeSpan retryDelay);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Inference log writes succeed again after {Attempts} failed attempts")]
    public static partial void WriteRecovered(ILogger logger, int attempts);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Inference log gave up {Count} records at shutdown: the disk still failed after {Timeout}")]
    public static partial void RecordsAbandoned(ILogger logger, long count, TimeSpan timeout);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Inference record {RequestId} of model {Model} could not be serialized and was dropped")]
    public static partial void InvalidRecord(ILogger logger, Exception exception, string requestId, string model);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Inference log fsync of {Path} failed; retried at the next fsync")]
    public static partial void FsyncFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Critical, Message = "Inference log writer stopped on an unexpected error; records still queued are dropped")]
    public static partial void WriterFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Error, Message = "Inference record of model {Model} dropped: its partition would lie outside the log root {Root}")]
    public static partial void OutsideRoot(ILogger logger, string model, string root);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Skipped {Kind} line {Line} of {Path}")]
    public static partial void SkippedLine(ILogger logger, string kind, long line, string path);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Could not read {Path}; it is skipped")]
    public static partial void FileUnreadable(ILogger logger, Exception exception, string path);
}
