namespace Argus.Core.Pipelines.Rest;

/// <summary>Reply to schedules/set: the schedule as stored.</summary>
public sealed record PipelineScheduleResponse(PipelineScheduleMessage Schedule);
