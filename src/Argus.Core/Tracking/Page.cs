namespace Argus.Core.Tracking;

/// <summary>One page of a listing; <see cref="NextPageToken"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken);
