namespace Argus.Core.Pipelines.Rest;

/// <summary>POST /api/2.0/argus/pipelines/runs/update-step: the step record that replaces the one of that name.</summary>
public sealed record UpdatePipelineStepRequest(string? RunId = null, StepRunMessage? Step = null);
