namespace Argus.Core.Auth.Rest;

/// <summary><c>{"tokens": [...]}</c>: tokens/list, newest first.</summary>
public sealed record TokensResponse(IReadOnlyList<TokenMessage>? Tokens = null);
