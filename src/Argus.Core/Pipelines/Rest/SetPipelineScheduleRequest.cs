namespace Argus.Core.Pipelines.Rest;

/// <summary>POST /api/2.0/argus/pipelines/schedules/set: the schedule to create or replace.</summary>
public sealed record SetPipelineScheduleRequest(PipelineScheduleMessage? Schedule = null);
