namespace Argus.Core.Pipelines.Rest;

/// <summary>POST /api/2.0/argus/pipelines/runs/fail-abandoned: fail running runs whose heartbeat is before <c>heartbeat_before</c>.</summary>
public sealed record FailAbandonedRunsRequest(long? HeartbeatBefore = null, string? Message = null, long? Now = null);
