namespace Argus.Core.Pipelines.Rest;

/// <summary>POST /api/2.0/argus/pipelines/runs/end: the final state (<c>succeeded</c> or <c>failed</c>), end time and message.</summary>
public sealed record EndPipelineRunRequest(string? RunId = null, string? State = null, long? EndTime = null, string? Message = null);
