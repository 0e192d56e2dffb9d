namespace Argus.Core.Tracking.Search;

/// <summary>
/// The left side of a comparison or an order_by clause: an entity type as written (<c>metrics</c>,
/// <c>tags</c>…; null for a bare name) and a key with any quotes removed.
/// </summary>
internal sealed record SearchIdentifier(string? Type, string Key, int Position)
{
    public override string ToString() => Type is null ? Key : $"{Type}.{Key}";
}
