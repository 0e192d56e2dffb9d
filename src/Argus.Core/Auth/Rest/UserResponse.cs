namespace Argus.Core.Auth.Rest;

/// <summary><c>{"user": {...}}</c>: users/create and users/get.</summary>
public sealed record UserResponse(UserMessage? User = null);
