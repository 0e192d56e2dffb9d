namespace Argus.Core.Tracking.Rest;

/// <summary>A param or tag as a request carries it: fields may be missing and are checked.</summary>
public sealed record KeyValueMessage(string? Key = null, string? Value = null);
