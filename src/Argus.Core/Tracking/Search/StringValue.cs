namespace Argus.Core.Tracking.Search;

/// <summary>A single- or double-quoted string, quotes removed.</summary>
internal sealed record StringValue(string Value, int Position) : SearchValue(Position);
