namespace Argus.Core.Pipelines.Rest;

/// <summary>Reply to runs/start and runs/get.</summary>
public sealed record PipelineRunResponse(PipelineRunMessage Run);
