namespace Argus.Core.Auth;

/// <summary>A stored token found by its hash, with the user it belongs to.</summary>
public sealed record TokenMatch(ApiToken Token, AuthUser User);
