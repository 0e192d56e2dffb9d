namespace Argus.Core.Pipelines.Rest;

/// <summary>POST /api/2.0/argus/pipelines/runs/append-log: text to add to the end of a step's log.</summary>
public sealed record AppendStepLogRequest(string? RunId = null, string? Step = null, string? Text = null);
