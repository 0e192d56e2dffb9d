using Microsoft.Extensions.Logging;

namespace Argus.Core.Pipelines;

/// <summary>Log messages of the pipeline runner (event ids 6000–6049).</summary>
internal static partial class PipelineMessages
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Pipeline {Pipeline} run {RunId} started ({Trigger})")]
    public static partial void RunStarted(ILogger logger, string pipeline, string runId, string trigger);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Pipeline {Pipeline} run {RunId} ended {State}: {Message}")]
    public static partial void RunEnded(ILogger logger, string pipeline, string runId, string state, string message);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Pipeline {Pipeline} run {RunId}: step {Step} attempt {Attempt} failed: {Error}")]
    public static partial void AttemptFailed(ILogger logger, string pipeline, string runId, string step, int attempt, string error);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Pipeline {Pipeline} run {RunId} was ended elsewhere (failed as abandoned?); its steps are stopped: {Error}")]
    public static partial void RunEndedElsewhere(ILogger logger, string pipeline, string runId, string error);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Pipeline run {RunId}: the heartbeat could not be recorded: {Error}")]
    public static partial void HeartbeatFailed(ILogger logger, string runId, string error);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Pipeline run {RunId}: step {Step}'s log could not be stored: {Error}")]
    public static partial void LogNotStored(ILogger logger, string runId, string step, string error);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "Pipeline run {RunId}: step {Step}'s record could not be stored: {Error}")]
    public static partial void StepNotStored(ILogger logger, string runId, string step, string error);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning, Message = "Pipeline {Pipeline} run {RunId}: the failure notification was not sent: {Error}")]
    public static partial void NotificationFailed(ILogger logger, string pipeline, string runId, string error);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Warning, Message = "Pipeline {Pipeline}: {Warning}")]
    public static partial void PushWarning(ILogger logger, string pipeline, string warning);
}
