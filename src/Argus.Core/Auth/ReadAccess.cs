namespace Argus.Core.Auth;

/// <summary>
/// Limits a search to what a user may read: resources where their explicit permission is at least READ, and, when
/// the server's default permission allows reading (<paramref name="DefaultReadable"/>), also those with no explicit
/// permission for them.
/// </summary>
public sealed record ReadAccess(long UserId, bool DefaultReadable);
