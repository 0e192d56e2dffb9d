namespace Argus.Core.Auth;

/// <summary>A page of the audit log, newest first, optionally of one action or one actor.</summary>
public sealed record AuditQuery
{
    public const int DefaultMaxResults = 100;

    public const int MaxMaxResults = 1000;

    public string? Action { get; init; }

    public string? Actor { get; init; }

    public int? MaxResults { get; init; }

    public string? PageToken { get; init; }
}
