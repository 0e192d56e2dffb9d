namespace Argus.Core.Registry;

/// <summary>
/// One entry of a registered model's audit history: an alias set, moved or deleted, or a stage transition —
/// who, when, what moved from where to where, and why.
/// </summary>
/// <param name="Id">The event's number, increasing in the order events were written.</param>
/// <param name="Name">The registered model.</param>
/// <param name="Kind"><c>alias</c> or <c>stage</c>.</param>
/// <param name="Subject">The alias name, or the version whose stage changed.</param>
/// <param name="From">The version the alias pointed at before (null when new), or the previous stage.</param>
/// <param name="To">The version the alias points at now (null when deleted), or the new stage.</param>
/// <param name="UserId">Who made the change.</param>
/// <param name="Timestamp">When, in Unix milliseconds.</param>
/// <param name="Reason">Why, as the caller gave it.</param>
public sealed record RegistryEvent(
    long Id,
    string Name,
    string Kind,
    string Subject,
    string? From,
    string? To,
    string? UserId,
    long Timestamp,
    string? Reason);
