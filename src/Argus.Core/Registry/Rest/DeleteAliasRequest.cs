namespace Argus.Core.Registry.Rest;

/// <summary>DELETE registered-models/alias; <c>reason</c> is an Argus extension.</summary>
public sealed record DeleteAliasRequest(string? Name = null, string? Alias = null, string? Reason = null);
