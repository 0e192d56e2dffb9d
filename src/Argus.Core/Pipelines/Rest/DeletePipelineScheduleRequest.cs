namespace Argus.Core.Pipelines.Rest;

/// <summary>POST /api/2.0/argus/pipelines/schedules/delete.</summary>
public sealed record DeletePipelineScheduleRequest(string? Pipeline = null);
