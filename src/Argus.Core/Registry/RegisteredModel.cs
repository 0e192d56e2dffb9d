using Argus.Core.Tracking;

namespace Argus.Core.Registry;

/// <summary>A registered model as MLflow describes it: versions are numbered from 1; aliases point at versions.</summary>
public sealed record RegisteredModel(
    string Name,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string? UserId,
    string? Description,
    IReadOnlyList<ModelVersion> LatestVersions,
    IReadOnlyList<Tag> Tags,
    IReadOnlyList<ModelAlias> Aliases);

/// <summary>An alias (<c>champion</c>, <c>challenger</c>…) and the version it points at.</summary>
public sealed record ModelAlias(string Alias, string Version);
