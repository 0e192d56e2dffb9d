namespace Argus.Core.Tracking.Rest;

/// <summary>POST runs/log-metric.</summary>
public sealed record LogMetricRequest(string? RunId = null, string? RunUuid = null, string? Key = null, double? Value = null, long? Timestamp = null, long? Step = null);
