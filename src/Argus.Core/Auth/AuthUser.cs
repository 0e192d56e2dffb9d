namespace Argus.Core.Auth;

/// <summary>A user who can sign in: a unique name, whether they administer the server, and when they were created.</summary>
public sealed record AuthUser(long Id, string Name, bool IsAdmin, DateTimeOffset CreatedAt);
