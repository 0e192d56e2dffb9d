namespace Argus.Core.Tracking;

/// <summary>
/// A run search: MLflow's filter grammar plus OR and parentheses, order_by clauses, paging.
/// </summary>
public sealed record RunSearch
{
    /// <summary>Default page size, as in MLflow.</summary>
    public const int DefaultMaxResults = 1000;

    /// <summary>Largest page the server returns, as in MLflow.</summary>
    public const int MaxMaxResults = 50_000;

    public IReadOnlyList<string> ExperimentIds { get; init; } = [];

    public string? Filter { get; init; }

    public ViewType ViewType { get; init; } = ViewType.ActiveOnly;

    /// <value>Default 1000; at most 50,000.</value>
    public int MaxResults { get; init; } = DefaultMaxResults;

    public IReadOnlyList<string> OrderBy { get; init; } = [];

    public string? PageToken { get; init; }
}
