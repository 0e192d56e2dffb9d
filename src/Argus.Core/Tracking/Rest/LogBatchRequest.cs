namespace Argus.Core.Tracking.Rest;

/// <summary>POST runs/log-batch.</summary>
public sealed record LogBatchRequest(string? RunId = null, IReadOnlyList<MetricMessage>? Metrics = null, IReadOnlyList<KeyValueMessage>? Params = null, IReadOnlyList<KeyValueMessage>? Tags = null);
