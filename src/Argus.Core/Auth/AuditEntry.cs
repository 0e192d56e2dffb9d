namespace Argus.Core.Auth;

/// <summary>
/// One entry of the audit log: who (<paramref name="Actor"/>, null when unknown), when, what (<see cref="AuditActions"/>),
/// on what (<paramref name="Target"/>, e.g. <c>experiment/3 user/alice</c>), and the value before and after. Secrets
/// (passwords, tokens, hashes) are never recorded.
/// </summary>
public sealed record AuditEntry(long Id, DateTimeOffset Timestamp, string? Actor, string Action, string Target, string? OldValue, string? NewValue);
