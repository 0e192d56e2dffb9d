namespace Argus.Core.Tracking.Rest;

/// <summary>A dataset as a request carries it.</summary>
public sealed record DatasetMessage(string? Name = null, string? Digest = null, string? SourceType = null, string? Source = null, string? Schema = null, string? Profile = null);
