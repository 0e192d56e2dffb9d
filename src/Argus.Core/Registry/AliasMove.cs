namespace Argus.Core.Registry;

/// <summary>
/// One alias change within <see cref="IModelRegistry.MoveAliasesAsync"/>: point <see cref="Alias"/> at
/// <see cref="Version"/>, or delete it when <see cref="Version"/> is null.
/// </summary>
public sealed record AliasMove(string Alias, string? Version);

/// <summary>
/// What the caller believes an alias points at before a move (null: no such alias). A move whose
/// expectations no longer hold changes nothing and fails with <c>RESOURCE_CONFLICT</c>, so concurrent
/// promoters can never both win.
/// </summary>
public sealed record AliasExpectation(string Alias, string? Version);
