namespace Argus.Core.Auth.Rest;

/// <summary>POST auth/login: a user name and a password.</summary>
public sealed record LoginRequest(string? Username = null, string? Password = null)
{
    /// <summary>Keeps the password out of logs.</summary>
    public override string ToString() => $"LoginRequest {{ Username = {Username}, Password = *** }}";
}
