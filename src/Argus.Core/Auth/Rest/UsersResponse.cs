namespace Argus.Core.Auth.Rest;

/// <summary><c>{"users": [...]}</c>: Argus's users/list.</summary>
public sealed record UsersResponse(IReadOnlyList<UserMessage>? Users = null);
