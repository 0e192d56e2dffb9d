namespace Argus.Core.Pipelines.Rest;

/// <summary>Reply to runs/end: false when the run had already ended (nothing changed).</summary>
public sealed record EndPipelineRunResponse(bool Ended);
