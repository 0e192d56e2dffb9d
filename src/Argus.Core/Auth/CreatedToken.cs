namespace Argus.Core.Auth;

/// <summary>A new token: what is stored, and the secret itself, which is shown this once and never again.</summary>
public sealed record CreatedToken(ApiToken Token, string Secret)
{
    /// <summary>Keeps the secret out of logs and debugger displays.</summary>
    public override string ToString() => $"CreatedToken {{ Token = {Token}, Secret = *** }}";
}
