namespace Argus.Core.Auth.Rest;

/// <summary><c>{"entries": [...], "next_page_token"}</c>: audit/list, newest first.</summary>
public sealed record AuditResponse(IReadOnlyList<AuditEntryMessage>? Entries = null, string? NextPageToken = null);
