namespace Argus.Core.Pipelines.Rest;

/// <summary>Reply to schedules/list, by pipeline name (omitted when there are none).</summary>
public sealed record ListPipelineSchedulesResponse(IReadOnlyList<PipelineScheduleMessage>? Schedules);
