namespace Argus.Core.Tracking.Rest;

/// <summary>Reply to metrics/get-history.</summary>
public sealed record MetricHistoryResponse(IReadOnlyList<Metric>? Metrics, string? NextPageToken);
