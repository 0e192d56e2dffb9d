namespace Argus.Core.Auth;

/// <summary>A user with every permission granted to them.</summary>
public sealed record UserDetails(AuthUser User, IReadOnlyList<ResourcePermission> Permissions);
