using Argus.Core.Errors;

namespace Argus.Core.Artifacts;

/// <summary>
/// Checks artifact paths: relative, '/'-separated, with no '..', no empty or '.' segments and no NUL —
/// so a path can never reach outside its artifact root.
/// </summary>
public static class ArtifactPaths
{
    /// <summary>Returns the path in canonical form ("" for the root) or throws INVALID_PARAMETER_VALUE.</summary>
    public static string Normalize(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return string.Empty;
        }

        if (path.Contains('\0', StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal))
        {
            throw Invalid(path, "it contains a NUL byte or a backslash");
        }

        if (path.StartsWith('/') || (path.Length >= 2 && path[1] == ':'))
        {
            throw Invalid(path, "it is absolute");
        }

        var segments = path.TrimEnd('/').Split('/');
        foreach (var segment in segments)
        {
            if (segment == "..")
            {
                throw Invalid(path, "it contains '..'");
            }

            if (segment.Length == 0 || segment == ".")
            {
                throw Invalid(path, "it contains an empty or '.' segment");
            }
        }

        return string.Join('/', segments);
    }

    /// <summary>Joins two relative artifact paths.</summary>
    public static string Join(string left, string right) =>
        left.Length == 0 ? right : right.Length == 0 ? left : left + "/" + right;

    private static ArgusException Invalid(string path, string why) =>
        ArgusException.InvalidParameter($"Invalid artifact path '{path}': {why}. Artifact paths are relative and stay inside the artifact root.");
}
