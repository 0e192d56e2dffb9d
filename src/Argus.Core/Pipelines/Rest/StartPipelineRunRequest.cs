namespace Argus.Core.Pipelines.Rest;

/// <summary>POST /api/2.0/argus/pipelines/runs/start: the run to record (state <c>running</c>; <c>run_id</c> empty for a new id).</summary>
public sealed record StartPipelineRunRequest(PipelineRunMessage? Run = null);
