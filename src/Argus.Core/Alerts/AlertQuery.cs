namespace Argus.Core.Alerts;

/// <summary>Which received alerts to list, newest received first.</summary>
public sealed record AlertQuery
{
    /// <summary>Alerts per page unless <see cref="MaxResults"/> says otherwise.</summary>
    public const int DefaultMaxResults = 100;

    /// <summary>The largest page.</summary>
    public const int MaxMaxResults = 1000;

    /// <summary>Only alerts in this state; null for both.</summary>
    public AlertStatus? Status { get; init; }

    /// <summary>Only alerts with this <c>alertname</c>; null for all.</summary>
    public string? AlertName { get; init; }

    /// <summary>Only alerts carrying every one of these labels with exactly this value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>Alerts per page (1 to <see cref="MaxMaxResults"/>).</summary>
    /// <value><see cref="DefaultMaxResults"/></value>
    public int? MaxResults { get; init; }

    /// <summary>The <see cref="Tracking.Page{T}.NextPageToken"/> of the previous page; null for the first.</summary>
    public string? PageToken { get; init; }
}
