namespace Argus.Server.Auth;

/// <summary>How a request proved who it is.</summary>
internal enum CredentialKind
{
    /// <summary>HTTP basic with a user name and password.</summary>
    Password,

    /// <summary>An API token: as a bearer token, or as the password of HTTP basic.</summary>
    Token,

    /// <summary>The UI's session cookie; changes need the CSRF header.</summary>
    Session,
}
