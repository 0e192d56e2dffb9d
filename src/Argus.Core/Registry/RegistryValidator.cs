using System.Globalization;
using System.Text.RegularExpressions;
using Argus.Core.Errors;
using Argus.Core.Tracking;

namespace Argus.Core.Registry;

/// <summary>
/// MLflow's checks on registry input (<c>mlflow/utils/validation.py</c>), with MLflow's messages, applied
/// by every registry implementation before anything is written.
/// </summary>
public static partial class RegistryValidator
{
    /// <summary>Registered model and model version tag values (MLflow's MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH).</summary>
    public const int MaxTagValueLength = 5000;

    /// <summary>Alias names (MLflow's MAX_REGISTERED_MODEL_ALIAS_LENGTH).</summary>
    public const int MaxAliasLength = 255;

    [GeneratedRegex(@"^[\w\-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AliasPattern();

    [GeneratedRegex(@"^[vV]\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionAliasPattern();

    /// <summary>A registered model name: any non-empty string, as MLflow allows.</summary>
    public static void ModelName(string? name, string parameter = "name")
    {
        if (string.IsNullOrEmpty(name))
        {
            throw parameter == "name"
                ? ArgusException.InvalidParameter("Registered model name cannot be empty.")
                : ArgusException.MissingParameter(parameter);
        }
    }

    /// <summary>A version number as the wire carries it (a string of an integer, as Python's <c>int()</c> reads it).</summary>
    public static long Version(string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            throw ArgusException.MissingParameter("version");
        }

        if (!long.TryParse(version, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            throw ArgusException.InvalidParameter($"Model version must be an integer, got '{Clip(version)}'");
        }

        return number;
    }

    /// <summary>An alias name: letters, digits, <c>_</c> and <c>-</c>; not <c>latest</c> nor <c>v&lt;digits&gt;</c>.</summary>
    public static void Alias(string? alias)
    {
        if (string.IsNullOrEmpty(alias))
        {
            throw ArgusException.InvalidParameter("Registered model alias name cannot be empty.");
        }

        if (!AliasPattern().IsMatch(alias))
        {
            throw ArgusException.InvalidParameter(
                $"Invalid alias name: '{Clip(alias)}'. Names may only contain alphanumerics, underscores (_), and dashes (-).");
        }

        if (alias.Length > MaxAliasLength)
        {
            throw ArgusException.InvalidParameter(
                $"Registered model alias name '{Clip(alias)}' had length {alias.Length}, which exceeded length limit of {MaxAliasLength}");
        }

        if (string.Equals(alias, "latest", StringComparison.OrdinalIgnoreCase))
        {
            throw ArgusException.InvalidParameter("'latest' alias name (case insensitive) is reserved.");
        }

        if (VersionAliasPattern().IsMatch(alias))
        {
            throw ArgusException.InvalidParameter($"Version alias name '{alias}' is reserved.");
        }
    }

    /// <summary>A registered model or model version tag: MLflow's tag-name rules, 250-character keys, 5000-character values.</summary>
    public static void Tag(Tag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        TrackingValidator.EntityKey(tag.Key, "tag");
        if (tag.Value is null)
        {
            throw ArgusException.InvalidParameter($"Missing value for tag '{tag.Key}'.");
        }

        if (tag.Value.Length > MaxTagValueLength)
        {
            throw ArgusException.InvalidParameter(
                $"Tag value '{Clip(tag.Value)}' had length {tag.Value.Length}, which exceeded length limit of {MaxTagValueLength}");
        }
    }

    /// <summary>The key of a tag to delete.</summary>
    public static void TagKey(string? key) => TrackingValidator.EntityKey(key, "tag");

    private static string Clip(string text) => text.Length <= 250 ? text : text[..250];
}
