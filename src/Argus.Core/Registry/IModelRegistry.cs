using Argus.Core.Tracking;

namespace Argus.Core.Registry;

/// <summary>
/// The model registry, wire-compatible with MLflow's (<c>model_registry.proto</c>): registered models, numbered
/// versions, tags, aliases, legacy stages — plus what MLflow lacks: an audit history of every alias move and
/// stage transition, and <see cref="MoveAliasesAsync"/>, an atomic compare-and-set over several aliases that
/// promotion is built on. The SQL stores (SQLite, PostgreSQL) and the HTTP client implement it, and one
/// contract suite runs against each. <c>reason</c> arguments go to the audit history; the user
/// is the store's configured user (on a server: the caller's).
/// </summary>
public interface IModelRegistry
{
    Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description, IReadOnlyList<Tag> tags, CancellationToken cancellationToken);

    Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken);

    Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken);

    Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken);

    /// <summary>Deletes the model with its versions, tags, aliases (its audit history stays).</summary>
    Task DeleteRegisteredModelAsync(string name, CancellationToken cancellationToken);

    Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(RegisteredModelSearch search, CancellationToken cancellationToken);

    /// <summary>The latest version per stage (every stage when <paramref name="stages"/> is empty).</summary>
    Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string name, IReadOnlyList<string> stages, CancellationToken cancellationToken);

    Task SetRegisteredModelTagAsync(string name, string key, string value, CancellationToken cancellationToken);

    Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken);

    /// <summary>Points <paramref name="alias"/> at <paramref name="version"/> (moving it if it exists).</summary>
    Task SetAliasAsync(string name, string alias, string version, string? reason, CancellationToken cancellationToken);

    Task DeleteAliasAsync(string name, string alias, string? reason, CancellationToken cancellationToken);

    Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken);

    /// <summary>
    /// Applies every move in one transaction if every expectation holds at that moment; otherwise changes
    /// nothing and throws RESOURCE_CONFLICT naming what differed. Each move is audited.
    /// </summary>
    Task MoveAliasesAsync(string name, IReadOnlyList<AliasMove> moves, IReadOnlyList<AliasExpectation> expected, string? reason, CancellationToken cancellationToken);

    Task<ModelVersion> CreateModelVersionAsync(ModelVersionCreation creation, CancellationToken cancellationToken);

    Task<ModelVersion> GetModelVersionAsync(string name, string version, CancellationToken cancellationToken);

    Task<ModelVersion> UpdateModelVersionAsync(string name, string version, string? description, CancellationToken cancellationToken);

    /// <summary>Deletes a version and the aliases pointing at it.</summary>
    Task DeleteModelVersionAsync(string name, string version, CancellationToken cancellationToken);

    Task<Page<ModelVersion>> SearchModelVersionsAsync(ModelVersionSearch search, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a version to a stage; with <paramref name="archiveExistingVersions"/> (only for Staging and
    /// Production) the other versions in that stage move to Archived in the same transaction.
    /// </summary>
    Task<ModelVersion> TransitionModelVersionStageAsync(string name, string version, string stage, bool archiveExistingVersions, string? reason, CancellationToken cancellationToken);

    Task<string> GetModelVersionDownloadUriAsync(string name, string version, CancellationToken cancellationToken);

    Task SetModelVersionTagAsync(string name, string version, string key, string value, CancellationToken cancellationToken);

    Task DeleteModelVersionTagAsync(string name, string version, string key, CancellationToken cancellationToken);

    /// <summary>The model's audit history, newest first.</summary>
    Task<Page<RegistryEvent>> GetHistoryAsync(string name, int maxResults, string? pageToken, CancellationToken cancellationToken);
}
