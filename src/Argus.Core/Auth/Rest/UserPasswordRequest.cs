namespace Argus.Core.Auth.Rest;

/// <summary>users/create and users/update-password: a user name and a password.</summary>
public sealed record UserPasswordRequest(string? Username = null, string? Password = null)
{
    /// <summary>Keeps the password out of logs.</summary>
    public override string ToString() => $"UserPasswordRequest {{ Username = {Username}, Password = *** }}";
}
