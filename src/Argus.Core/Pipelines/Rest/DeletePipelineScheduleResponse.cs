namespace Argus.Core.Pipelines.Rest;

/// <summary>Reply to schedules/delete: false when the pipeline had no schedule.</summary>
public sealed record DeletePipelineScheduleResponse(bool Deleted);
