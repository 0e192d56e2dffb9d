namespace Argus.Core.Auth.Rest;

/// <summary>tokens/create: the token itself (shown this once) and what is stored.</summary>
public sealed record CreateTokenResponse(string? Token = null, TokenMessage? TokenInfo = null)
{
    /// <summary>Keeps the token out of logs.</summary>
    public override string ToString() => $"CreateTokenResponse {{ Token = ***, TokenInfo = {TokenInfo} }}";
}
