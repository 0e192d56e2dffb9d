namespace Argus.Core.Tracking;

/// <summary>
/// The tracking store: experiments, runs, metrics, params, tags and dataset inputs.
/// Implementations are chosen by URI (<see cref="TrackingStores.OpenAsync"/>): <c>sqlite:///path</c>,
/// <c>postgresql://…</c> and <c>http(s)://…</c> (a client of the Argus or MLflow server), and they
/// all behave the same — one test suite runs against each. <see cref="LogBatchAsync"/> is the write
/// primitive; single-item writes are built on it (<see cref="TrackingStoreExtensions"/>).
/// Failures are <see cref="Errors.ArgusException"/>s with MLflow's error codes.
/// </summary>
public interface ITrackingStore : IAsyncDisposable
{
    /// <summary>The URI this store was opened with, with any password removed.</summary>
    string DisplayUri { get; }

    Task<string> CreateExperimentAsync(string name, string? artifactLocation, IReadOnlyList<Tag> tags, CancellationToken cancellationToken);

    Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken);

    /// <summary>The experiment with this name (the active one if an active and a deleted share it), or null.</summary>
    Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken);

    Task<Page<Experiment>> SearchExperimentsAsync(ExperimentSearch search, CancellationToken cancellationToken);

    Task RenameExperimentAsync(string experimentId, string newName, CancellationToken cancellationToken);

    /// <summary>Soft-deletes an experiment and its runs.</summary>
    Task DeleteExperimentAsync(string experimentId, CancellationToken cancellationToken);

    /// <summary>Restores a deleted experiment and the runs deleted with it.</summary>
    Task RestoreExperimentAsync(string experimentId, CancellationToken cancellationToken);

    Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken);

    Task DeleteExperimentTagAsync(string experimentId, string key, CancellationToken cancellationToken);

    Task<Run> CreateRunAsync(RunCreation creation, CancellationToken cancellationToken);

    Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken);

    Task<RunInfo> UpdateRunAsync(string runId, RunUpdate update, CancellationToken cancellationToken);

    Task DeleteRunAsync(string runId, CancellationToken cancellationToken);

    Task RestoreRunAsync(string runId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes metrics, params and tags to an active run in one transaction: either all of it is
    /// stored or, on any error, none of it. Limits: 1000 metrics, 100 params, 100 tags.
    /// </summary>
    Task LogBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<Tag> tags, CancellationToken cancellationToken);

    Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken);

    Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken);

    /// <summary>All points of one metric of one run, ordered by step, then timestamp, then value.</summary>
    Task<Page<Metric>> GetMetricHistoryAsync(string runId, string metricKey, int? maxResults, string? pageToken, CancellationToken cancellationToken);

    Task<Page<Run>> SearchRunsAsync(RunSearch search, CancellationToken cancellationToken);

    /// <summary>
    /// Permanently removes deleted runs (and deleted experiments with all their runs) whose deletion
    /// is older than <paramref name="olderThanMs"/> milliseconds (0: all). Artifacts are the caller's to remove.
    /// </summary>
    Task<PurgeResult> PurgeDeletedAsync(long olderThanMs, CancellationToken cancellationToken);
}
