namespace Argus.Core.Auth.Rest;

/// <summary>DELETE users/delete.</summary>
public sealed record UsernameRequest(string? Username = null);
