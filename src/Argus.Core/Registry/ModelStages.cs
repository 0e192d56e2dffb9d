using Argus.Core.Errors;

namespace Argus.Core.Registry;

/// <summary>MLflow's four legacy stages; input is case-insensitive, stored canonically.</summary>
public static class ModelStages
{
    public const string None = "None";
    public const string Staging = "Staging";
    public const string Production = "Production";
    public const string Archived = "Archived";

    public static IReadOnlyList<string> All { get; } = [None, Staging, Production, Archived];

    /// <summary>The canonical spelling of <paramref name="stage"/>; INVALID_PARAMETER_VALUE when it is not a stage.</summary>
    public static string Canonical(string stage) =>
        All.FirstOrDefault(s => string.Equals(s, stage, StringComparison.OrdinalIgnoreCase))
        ?? throw ArgusException.InvalidParameter($"Invalid Model Version stage: {stage}. Value must be one of {string.Join(", ", All)}.");
}
