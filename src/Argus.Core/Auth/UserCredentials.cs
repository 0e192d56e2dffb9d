namespace Argus.Core.Auth;

/// <summary>A user and their stored password hash (<see cref="PasswordHasher"/>'s format), for verification only.</summary>
public sealed record UserCredentials(AuthUser User, string PasswordHash);
