using Argus.Core.Tracking;

namespace Argus.Core.Registry;

/// <summary>
/// A version of a registered model: the artifact URI it was created from (<see cref="Source"/>), the run that
/// produced it, its legacy stage and the aliases pointing at it. Versions are numbered 1, 2, … per model
/// and carried as strings, as MLflow's wire does.
/// </summary>
public sealed record ModelVersion(
    string Name,
    string Version,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string? UserId,
    string CurrentStage,
    string? Description,
    string Source,
    string? RunId,
    string Status,
    string? StatusMessage,
    IReadOnlyList<Tag> Tags,
    string? RunLink,
    IReadOnlyList<string> Aliases);
