using Argus.Core.Errors;

namespace Argus.Core.Auth;

/// <summary>What user names, passwords and token names must look like.</summary>
public static class AuthValidator
{
    /// <summary>The shortest password accepted.</summary>
    public const int MinimumPasswordLength = 8;

    /// <summary>Longest user name, token name and password.</summary>
    public const int MaxLength = 256;

    /// <summary>A user name: 1 to 256 characters, no control characters, no <c>:</c> (HTTP basic auth splits on it).</summary>
    public static void UserName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw ArgusException.MissingParameter("username");
        }

        if (name.Length > MaxLength || name.Trim() != name || name.Any(c => char.IsControl(c) || c == ':'))
        {
            throw ArgusException.InvalidParameter(
                $"Invalid user name: use at most {MaxLength} characters, without ':', control characters, or spaces at either end.");
        }
    }

    /// <summary>A password: 8 to 256 characters. The message never repeats it.</summary>
    public static void Password(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw ArgusException.MissingParameter("password");
        }

        if (password.Length < MinimumPasswordLength || password.Length > MaxLength)
        {
            throw ArgusException.InvalidParameter($"A password must have {MinimumPasswordLength} to {MaxLength} characters.");
        }

        if (Secrets.LooksLikeToken(password))
        {
            throw ArgusException.InvalidParameter($"A password must not start with '{Secrets.TokenPrefix}', which marks API tokens.");
        }
    }

    /// <summary>A token's name: 1 to 256 characters, no control characters.</summary>
    public static void TokenName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw ArgusException.MissingParameter("name");
        }

        if (name.Length > MaxLength || name.Any(char.IsControl))
        {
            throw ArgusException.InvalidParameter($"Invalid token name: use at most {MaxLength} characters, without control characters.");
        }
    }
}
