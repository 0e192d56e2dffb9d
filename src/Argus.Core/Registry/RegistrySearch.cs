namespace Argus.Core.Registry;

/// <summary>
/// A registered-model search: MLflow's filter grammar for models (<c>name</c> with =, !=, LIKE, ILIKE;
/// <c>tags.&lt;key&gt;</c>), order_by over <c>name</c>, <c>creation_timestamp</c> (or <c>timestamp</c>) and
/// <c>last_updated_timestamp</c> with the tie-break <c>name ASC</c>, paging (at most 1000 per page).
/// </summary>
public sealed record RegisteredModelSearch
{
    public const int DefaultMaxResults = 100;

    public const int MaxMaxResults = 1000;

    public string? Filter { get; init; }

    public int MaxResults { get; init; } = DefaultMaxResults;

    public IReadOnlyList<string> OrderBy { get; init; } = [];

    public string? PageToken { get; init; }

    /// <summary>Only registered models this user may read (the server sets it when authentication is on); null: all.</summary>
    public Auth.ReadAccess? Readable { get; init; }
}

/// <summary>
/// A model-version search: MLflow's filter grammar for versions (<c>name</c>, <c>run_id</c> incl. IN,
/// <c>source_path</c>, <c>version_number</c>, <c>creation_timestamp</c>, <c>last_updated_timestamp</c>,
/// <c>tags.&lt;key&gt;</c>), order_by with the tie-break <c>name ASC, version_number DESC</c>
/// (default <c>last_updated_timestamp DESC</c>), paging.
/// </summary>
public sealed record ModelVersionSearch
{
    public const int DefaultMaxResults = 10_000;

    public const int MaxMaxResults = 200_000;

    public string? Filter { get; init; }

    public int MaxResults { get; init; } = DefaultMaxResults;

    public IReadOnlyList<string> OrderBy { get; init; } = [];

    public string? PageToken { get; init; }

    /// <summary>Only registered models this user may read (the server sets it when authentication is on); null: all.</summary>
    public Auth.ReadAccess? Readable { get; init; }
}

/// <summary>A new model version: the model it belongs to and the artifact URI of the model package.</summary>
public sealed record ModelVersionCreation(string Name, string Source)
{
    public string? RunId { get; init; }

    public IReadOnlyList<Argus.Core.Tracking.Tag> Tags { get; init; } = [];

    public string? RunLink { get; init; }

    public string? Description { get; init; }
}
