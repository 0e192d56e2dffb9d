namespace Argus.Core.Auth.Rest;

/// <summary>An audit log entry on the wire; the time in Unix milliseconds.</summary>
public sealed record AuditEntryMessage(
    long? Id = null,
    long? Timestamp = null,
    string? Actor = null,
    string? Action = null,
    string? Target = null,
    string? OldValue = null,
    string? NewValue = null)
{
    public static AuditEntryMessage From(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.Id, entry.Timestamp.ToUnixTimeMilliseconds(), entry.Actor, entry.Action, entry.Target, entry.OldValue, entry.NewValue);
    }

    public AuditEntry ToEntry() => new(
        Id ?? 0, DateTimeOffset.FromUnixTimeMilliseconds(Timestamp ?? 0), Actor, Action ?? string.Empty, Target ?? string.Empty, OldValue, NewValue);
}
