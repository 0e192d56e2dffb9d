namespace Argus.Core.Registry.Rest;

/// <summary>POST /api/2.0/argus/registered-models/move-aliases (Argus only): an atomic compare-and-set over aliases.</summary>
public sealed record MoveAliasesRequest(string? Name = null, IReadOnlyList<AliasVersionMessage>? Moves = null, IReadOnlyList<AliasVersionMessage>? Expected = null, string? Reason = null);
