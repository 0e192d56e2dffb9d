using Argus.Core.Errors;

namespace Argus.Core.Auth;

/// <summary>The wire names of <see cref="Permission"/> (MLflow's) and what each allows.</summary>
public static class Permissions
{
    /// <summary>Every level, lowest first.</summary>
    public static IReadOnlyList<Permission> All { get; } = [Permission.NoPermissions, Permission.Read, Permission.Edit, Permission.Manage];

    /// <summary><c>NO_PERMISSIONS</c>, <c>READ</c>, <c>EDIT</c> or <c>MANAGE</c>.</summary>
    public static string WireName(this Permission permission) => permission switch
    {
        Permission.Read => "READ",
        Permission.Edit => "EDIT",
        Permission.Manage => "MANAGE",
        _ => "NO_PERMISSIONS",
    };

    /// <summary>Parses a wire name (case-insensitive).</summary>
    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE for anything else.</exception>
    public static Permission Parse(string? text) => TryParse(text, out var permission)
        ? permission
        : throw ArgusException.InvalidParameter($"Invalid permission '{text}': use READ, EDIT, MANAGE or NO_PERMISSIONS.");

    public static bool TryParse(string? text, out Permission permission)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.WireName(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                permission = candidate;
                return true;
            }
        }

        permission = Permission.NoPermissions;
        return false;
    }

    /// <summary>True when <paramref name="granted"/> is at least <paramref name="required"/>.</summary>
    public static bool Allows(this Permission granted, Permission required) => granted >= required;
}
