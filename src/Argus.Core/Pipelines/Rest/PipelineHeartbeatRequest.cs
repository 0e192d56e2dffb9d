namespace Argus.Core.Pipelines.Rest;

/// <summary>POST /api/2.0/argus/pipelines/runs/heartbeat: the run is still alive at <c>heartbeat</c> (Unix milliseconds).</summary>
public sealed record PipelineHeartbeatRequest(string? RunId = null, long? Heartbeat = null);
