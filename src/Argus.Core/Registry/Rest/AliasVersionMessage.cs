namespace Argus.Core.Registry.Rest;

/// <summary>An alias and a version (null: absent) in argus/registered-models/move-aliases, as a move or an expectation.</summary>
public sealed record AliasVersionMessage(string? Alias = null, string? Version = null);
