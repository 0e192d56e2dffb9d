namespace Argus.Core.Tracking;

/// <summary>An experiment search: filter on name, tags and times; order_by; paging.</summary>
public sealed record ExperimentSearch
{
    public const int DefaultMaxResults = 1000;

    public const int MaxMaxResults = 50_000;

    public string? Filter { get; init; }

    public ViewType ViewType { get; init; } = ViewType.ActiveOnly;

    public int MaxResults { get; init; } = DefaultMaxResults;

    public IReadOnlyList<string> OrderBy { get; init; } = [];

    public string? PageToken { get; init; }

    /// <summary>Only experiments this user may read (the server sets it when authentication is on); null: all.</summary>
    public Auth.ReadAccess? Readable { get; init; }
}
