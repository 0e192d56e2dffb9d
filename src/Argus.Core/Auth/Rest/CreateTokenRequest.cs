namespace Argus.Core.Auth.Rest;

/// <summary>POST tokens/create: a name, whose token (default: the caller's), and when it expires (Unix ms; none: never).</summary>
public sealed record CreateTokenRequest(string? Name = null, string? Username = null, long? ExpirationTime = null);
