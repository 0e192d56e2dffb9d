namespace Argus.Core.Tracking.Rest;

/// <summary>A metric as a request carries it: fields may be missing and are checked.</summary>
public sealed record MetricMessage(string? Key = null, double? Value = null, long? Timestamp = null, long? Step = null);
