using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Argus.Core.Errors;
using Argus.Core.Tracking.Downsampling;
using Argus.Core.Tracking.Rest;
using Argus.Core.Tracking.Search;

namespace Argus.Core.Tracking.Sql;

/// <summary>
/// The tracking store over a SQL database. All SQL is written once here; <see cref="SqlDialect"/>
/// covers the few differences, and subclasses own connections and the bulk metric insert.
/// Every write runs in one transaction, so a failed call writes nothing.
/// </summary>
internal abstract partial class SqlTrackingStore : ITrackingStore, IMetricSeriesSource
{
    private const string RunColumns = "r.run_uuid, r.experiment_id, r.name, r.user_id, r.status, r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage";
    private const string ExperimentColumns = "e.experiment_id, e.name, e.artifact_location, e.lifecycle_stage, e.last_update_time, e.creation_time";

    private readonly RunNames _runNames;

    protected SqlTrackingStore(SqlDialect dialect, TrackingStoreOptions options, string displayUri, string defaultArtifactRoot)
    {
        Dialect = dialect;
        Options = options;
        DisplayUri = displayUri;
        DefaultArtifactRoot = defaultArtifactRoot.TrimEnd('/');
        Clock = options.TimeProvider;
        _runNames = new RunNames(options.Seed is { } seed ? new Random(seed) : new Random(System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue)));
    }

    public string DisplayUri { get; }

    protected SqlDialect Dialect { get; }

    protected TrackingStoreOptions Options { get; }

    protected TimeProvider Clock { get; }

    protected string DefaultArtifactRoot { get; }

    private long Now => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Opens a connection for reading.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Opens a connection and begins the one write transaction; disposing the scope releases both.</summary>
    protected abstract ValueTask<WriteScope> BeginWriteTransactionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a connection for reading, timed until it closes as one store operation named after the calling method
    /// (<c>argus_tracking_store_operation_duration_seconds{operation="SearchRuns"}</c>).
    /// </summary>
    protected async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        var started = Stopwatch.GetTimestamp();
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        TimeUntilClosed(connection, operation, started);
        return connection;
    }

    /// <summary>Begins the write transaction, timed until the scope is disposed, as <see cref="OpenAsync"/> is.</summary>
    protected async ValueTask<WriteScope> BeginWriteAsync(CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        var started = Stopwatch.GetTimestamp();
        var scope = await BeginWriteTransactionAsync(cancellationToken).ConfigureAwait(false);
        TimeUntilClosed(scope.Connection, operation, started);
        return scope;
    }

    // Records the operation's duration when its connection closes (disposal closes it), then stops listening.
    private static void TimeUntilClosed(DbConnection connection, string operation, long started)
    {
        var tag = new KeyValuePair<string, object?>("operation", operation.EndsWith("Async", StringComparison.Ordinal) ? operation[..^5] : operation);
        StateChangeEventHandler? handler = null;
        handler = (_, e) =>
        {
            if (e.CurrentState == ConnectionState.Closed)
            {
                connection.StateChange -= handler;
                TrackingMetrics.StoreOperationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tag);
            }
        };
        connection.StateChange += handler;
    }

    /// <summary>Inserts metric points (duplicates of stored points are skipped).</summary>
    protected abstract Task InsertMetricsAsync(WriteScope scope, string runId, IReadOnlyList<Metric> metrics, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>Creates the schema or brings it up to date, and makes sure experiment "0" exists.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await LockSchemaAsync(scope, cancellationToken).ConfigureAwait(false);
        var current = await SchemaVersionAsync(scope, cancellationToken).ConfigureAwait(false);
        var steps = SchemaMigrations.Steps(Dialect);
        if (current > steps.Count)
        {
            throw new ArgusException(ErrorCode.InvalidState,
                $"The database at {DisplayUri} has schema version {current}, newer than this Argus ({steps.Count}). Upgrade Argus.");
        }

        if (current < steps.Count && !Options.MigrateOnOpen)
        {
            throw new ArgusException(ErrorCode.InvalidState,
                $"The database at {DisplayUri} has schema version {current}; this Argus needs {steps.Count}. Run: argus db upgrade {DisplayUri}");
        }

        for (var v = current; v < steps.Count; v++)
        {
            await ExecAsync(scope, steps[v], null, cancellationToken).ConfigureAwait(false);
            var p = new SqlParameters();
            await ExecAsync(scope, $"INSERT INTO argus_schema (version, applied_at) VALUES ({p.Add((long)(v + 1))}, {p.Add(Now)})", p, cancellationToken).ConfigureAwait(false);
        }

        var d = new SqlParameters();
        await ExecAsync(scope,
            $"INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) " +
            $"VALUES (0, {d.Add(Experiment.DefaultName)}, {d.Add(DefaultArtifactRoot + "/0")}, {d.Add(LifecycleStage.Active)}, {d.Add(Now)}, {d.Add(Now)}) ON CONFLICT DO NOTHING",
            d, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The schema version recorded in the database (0 for an empty database); reads only.</summary>
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(connection, null, "SELECT COALESCE(MAX(version), 0) FROM argus_schema", null);
        try
        {
            return Convert.ToInt32(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
        catch (DbException e) when (Dialect.IsMissingTable(e))
        {
            return 0;
        }
    }

    /// <summary>Serialises concurrent migrators (several replicas or jobs starting at once).</summary>
    protected virtual Task LockSchemaAsync(WriteScope scope, CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<int> SchemaVersionAsync(WriteScope scope, CancellationToken cancellationToken)
    {
        await ExecAsync(scope, "CREATE TABLE IF NOT EXISTS argus_schema (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)", null, cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(scope.Connection, scope.Transaction, "SELECT COALESCE(MAX(version), 0) FROM argus_schema", null);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    // ---------------------------------------------------------------- experiments

    public async Task<string> CreateExperimentAsync(string name, string? artifactLocation, IReadOnlyList<Tag> tags, CancellationToken cancellationToken)
    {
        TrackingValidator.ExperimentName(name);
        TrackingValidator.ArtifactLocation(artifactLocation);
        foreach (var tag in tags)
        {
            TrackingValidator.ExperimentTag(tag);
        }

        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        var exists = await ScalarAsync(scope, $"SELECT 1 FROM experiments WHERE name = {p.Add(name)}", p, cancellationToken).ConfigureAwait(false);
        if (exists is not null)
        {
            throw ArgusException.AlreadyExists($"Experiment '{name}' already exists.");
        }

        var now = Now;
        p = new SqlParameters();
        long id;
        try
        {
            id = Convert.ToInt64(await ScalarAsync(scope,
                $"INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time) " +
                $"VALUES ({p.Add(name)}, {p.Add(artifactLocation ?? string.Empty)}, {p.Add(LifecycleStage.Active)}, {p.Add(now)}, {p.Add(now)}) RETURNING experiment_id",
                p, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
        catch (DbException e) when (Dialect.IsUniqueViolation(e))
        {
            throw ArgusException.AlreadyExists($"Experiment '{name}' already exists.");
        }

        var idText = id.ToString(CultureInfo.InvariantCulture);
        if (string.IsNullOrEmpty(artifactLocation))
        {
            p = new SqlParameters();
            await ExecAsync(scope, $"UPDATE experiments SET artifact_location = {p.Add(DefaultArtifactRoot + "/" + idText)} WHERE experiment_id = {p.Add(id)}", p, cancellationToken).ConfigureAwait(false);
        }

        foreach (var tag in tags)
        {
            await UpsertExperimentTagAsync(scope, id, tag, cancellationToken).ConfigureAwait(false);
        }

        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        TrackingMetrics.ExperimentsCreated.Add(1);
        return idText;
    }

    public async Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken)
    {
        var id = ParseExperimentId(experimentId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        var found = await QueryExperimentsAsync(connection, $"SELECT {ExperimentColumns} FROM experiments e WHERE e.experiment_id = {p.Add(id)}", p, cancellationToken).ConfigureAwait(false);
        return found.Count == 1 ? found[0] : throw ExperimentNotFound(experimentId);
    }

    public async Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw ArgusException.MissingParameter("experiment_name");
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        var found = await QueryExperimentsAsync(connection, $"SELECT {ExperimentColumns} FROM experiments e WHERE e.name = {p.Add(name)}", p, cancellationToken).ConfigureAwait(false);
        return found.Count == 1 ? found[0] : null;
    }

    public async Task<Page<Experiment>> SearchExperimentsAsync(ExperimentSearch search, CancellationToken cancellationToken)
    {
        var limit = TrackingValidator.MaxResults(search.MaxResults, ExperimentSearch.DefaultMaxResults, ExperimentSearch.MaxMaxResults);
        var offset = TrackingJson.DecodePageToken(search.PageToken);
        var p = new SqlParameters();
        var where = ExperimentSearchSql.Where(search.Filter, p, Dialect);
        var (joins, orderBy) = ExperimentSearchSql.OrderBy(search.OrderBy, p, Dialect);
        var stages = Dialect.AnyOf("e.lifecycle_stage", p, LifecycleStage.For(search.ViewType));
        if (search.Readable is { } access)
        {
            stages += " AND " + ReadableCondition(Auth.ResourceKind.Experiment, "e.experiment_id", access, p);
        }

        var sql = $"SELECT {ExperimentColumns} FROM experiments e {joins} WHERE {stages}" +
                  (where is null ? string.Empty : $" AND ({where})") +
                  $" ORDER BY {orderBy} LIMIT {p.Add((long)limit + 1)} OFFSET {p.Add(offset)}";
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var found = await QueryExperimentsAsync(connection, sql, p, cancellationToken).ConfigureAwait(false);
        return Paged(found, limit, offset);
    }

    public async Task RenameExperimentAsync(string experimentId, string newName, CancellationToken cancellationToken)
    {
        var id = ParseExperimentId(experimentId);
        if (string.IsNullOrEmpty(newName))
        {
            throw ArgusException.MissingParameter("new_name");
        }

        TrackingValidator.ExperimentName(newName);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var stage = await ExperimentStageAsync(scope, id, experimentId, cancellationToken).ConfigureAwait(false);
        if (stage != LifecycleStage.Active)
        {
            throw ArgusException.InvalidParameter("Cannot rename a non-active experiment.");
        }

        var p = new SqlParameters();
        var taken = await ScalarAsync(scope, $"SELECT experiment_id FROM experiments WHERE name = {p.Add(newName)} AND experiment_id <> {p.Add(id)}", p, cancellationToken).ConfigureAwait(false);
        if (taken is not null)
        {
            throw ArgusException.AlreadyExists($"Experiment '{newName}' already exists.");
        }

        p = new SqlParameters();
        await ExecAsync(scope, $"UPDATE experiments SET name = {p.Add(newName)}, last_update_time = {p.Add(Now)} WHERE experiment_id = {p.Add(id)}", p, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteExperimentAsync(string experimentId, CancellationToken cancellationToken)
    {
        var id = ParseExperimentId(experimentId);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var stage = await ExperimentStageAsync(scope, id, experimentId, cancellationToken).ConfigureAwait(false);
        if (stage == LifecycleStage.Deleted)
        {
            throw ArgusException.InvalidParameter($"The experiment {experimentId} must be in the 'active' state. Current state is deleted.");
        }

        // Runs deleted with their experiment are marked, so restore brings back exactly those.
        var now = Now;
        var p = new SqlParameters();
        await ExecAsync(scope, $"UPDATE experiments SET lifecycle_stage = {p.Add(LifecycleStage.Deleted)}, deleted_time = {p.Add(now)}, last_update_time = {p.Add(now)} WHERE experiment_id = {p.Add(id)}", p, cancellationToken).ConfigureAwait(false);
        p = new SqlParameters();
        await ExecAsync(scope, $"UPDATE runs SET lifecycle_stage = {p.Add(LifecycleStage.Deleted)}, deleted_time = {p.Add(now)}, deleted_with_experiment = 1 WHERE experiment_id = {p.Add(id)} AND lifecycle_stage = {p.Add(LifecycleStage.Active)}", p, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RestoreExperimentAsync(string experimentId, CancellationToken cancellationToken)
    {
        var id = ParseExperimentId(experimentId);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var stage = await ExperimentStageAsync(scope, id, experimentId, cancellationToken).ConfigureAwait(false);
        if (stage == LifecycleStage.Active)
        {
            throw ArgusException.InvalidParameter($"The experiment {experimentId} must be in the 'deleted' state. Current state is active.");
        }

        var p = new SqlParameters();
        await ExecAsync(scope, $"UPDATE experiments SET lifecycle_stage = {p.Add(LifecycleStage.Active)}, deleted_time = NULL, last_update_time = {p.Add(Now)} WHERE experiment_id = {p.Add(id)}", p, cancellationToken).ConfigureAwait(false);
        p = new SqlParameters();
        await ExecAsync(scope, $"UPDATE runs SET lifecycle_stage = {p.Add(LifecycleStage.Active)}, deleted_time = NULL, deleted_with_experiment = 0 WHERE experiment_id = {p.Add(id)} AND deleted_with_experiment = 1", p, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken)
    {
        var id = ParseExperimentId(experimentId);
        TrackingValidator.ExperimentTag(new Tag(key, value));
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await RequireActiveExperimentAsync(scope, id, experimentId, cancellationToken).ConfigureAwait(false);
        await UpsertExperimentTagAsync(scope, id, new Tag(key, value), cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteExperimentTagAsync(string experimentId, string key, CancellationToken cancellationToken)
    {
        var id = ParseExperimentId(experimentId);
        if (string.IsNullOrEmpty(key))
        {
            throw ArgusException.MissingParameter("key");
        }

        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await RequireActiveExperimentAsync(scope, id, experimentId, cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        var removed = await ExecAsync(scope, $"DELETE FROM experiment_tags WHERE experiment_id = {p.Add(id)} AND key = {p.Add(key)}", p, cancellationToken).ConfigureAwait(false);
        if (removed == 0)
        {
            throw ArgusException.NotFound($"No tag with name: {key} in experiment with id {experimentId}");
        }

        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- runs

    public async Task<Run> CreateRunAsync(RunCreation creation, CancellationToken cancellationToken)
    {
        var experimentId = ParseExperimentId(creation.ExperimentId);
        TrackingValidator.RunName(creation.RunName);
        foreach (var tag in creation.Tags)
        {
            TrackingValidator.RunTag(tag);
        }

        var tagName = creation.Tags.LastOrDefault(t => t.Key == MlflowTags.RunName)?.Value;
        if (!string.IsNullOrEmpty(creation.RunName) && !string.IsNullOrEmpty(tagName) && creation.RunName != tagName)
        {
            throw ArgusException.InvalidParameter(
                $"Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='{creation.RunName}', mlflow.runName='{tagName}').");
        }

        var name = !string.IsNullOrEmpty(creation.RunName) ? creation.RunName : !string.IsNullOrEmpty(tagName) ? tagName : _runNames.Next();
        var userId = creation.UserId ?? creation.Tags.LastOrDefault(t => t.Key == MlflowTags.User)?.Value ?? string.Empty;
        var runId = Guid.NewGuid().ToString("N");
        var start = creation.StartTime ?? Now;

        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        string? location = null;
        string? stage = null;
        await using (var cmd = Command(scope.Connection, scope.Transaction, $"SELECT artifact_location, lifecycle_stage FROM experiments WHERE experiment_id = {p.Add(experimentId)}", p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                location = reader.GetString(0);
                stage = reader.GetString(1);
            }
        }

        if (location is null)
        {
            throw ExperimentNotFound(creation.ExperimentId);
        }

        if (stage != LifecycleStage.Active)
        {
            throw ArgusException.InvalidParameter($"The experiment {creation.ExperimentId} must be in the 'active' state. Current state is {stage}.");
        }

        var artifactUri = $"{location.TrimEnd('/')}/{runId}/artifacts";
        p = new SqlParameters();
        await ExecAsync(scope,
            "INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage) VALUES " +
            $"({p.Add(runId)}, {p.Add(experimentId)}, {p.Add(name)}, {p.Add(userId)}, {p.Add(StatusText(RunStatus.Running))}, {p.Add(start)}, NULL, {p.Add(artifactUri)}, {p.Add(LifecycleStage.Active)})",
            p, cancellationToken).ConfigureAwait(false);

        var tags = creation.Tags.Where(t => t.Key != MlflowTags.RunName).Append(new Tag(MlflowTags.RunName, name)).ToList();
        foreach (var tag in tags)
        {
            await UpsertRunTagAsync(scope, runId, tag, cancellationToken).ConfigureAwait(false);
        }

        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        TrackingMetrics.RunsCreated.Add(1);

        var info = new RunInfo(runId, runId, name, creation.ExperimentId, userId, RunStatus.Running, start, null, artifactUri, LifecycleStage.Active);
        return new Run(info, new RunData([], [], Dedupe(tags)), RunInputs.Empty);
    }

    public async Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        TrackingValidator.RunId(runId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        var infos = await QueryRunInfosAsync(connection, $"SELECT {RunColumns} FROM runs r WHERE r.run_uuid = {p.Add(runId)}", p, cancellationToken).ConfigureAwait(false);
        if (infos.Count == 0)
        {
            throw RunNotFound(runId);
        }

        var runs = await LoadRunsAsync(connection, infos, cancellationToken).ConfigureAwait(false);
        return runs[0];
    }

    public async Task<RunInfo> UpdateRunAsync(string runId, RunUpdate update, CancellationToken cancellationToken)
    {
        TrackingValidator.RunId(runId);
        TrackingValidator.RunName(update.RunName);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await RequireActiveRunAsync(scope, runId, cancellationToken).ConfigureAwait(false);
        var sets = new List<string>();
        var p = new SqlParameters();
        if (update.Status is { } status)
        {
            sets.Add($"status = {p.Add(StatusText(status))}");
        }

        if (update.EndTime is { } end)
        {
            sets.Add($"end_time = {p.Add(end)}");
        }

        if (!string.IsNullOrEmpty(update.RunName))
        {
            sets.Add($"name = {p.Add(update.RunName)}");
        }

        if (sets.Count > 0)
        {
            await ExecAsync(scope, $"UPDATE runs SET {string.Join(", ", sets)} WHERE run_uuid = {p.Add(runId)}", p, cancellationToken).ConfigureAwait(false);
        }

        if (!string.IsNullOrEmpty(update.RunName))
        {
            await UpsertRunTagAsync(scope, runId, new Tag(MlflowTags.RunName, update.RunName), cancellationToken).ConfigureAwait(false);
        }

        p = new SqlParameters();
        var infos = await QueryRunInfosAsync(scope.Connection, $"SELECT {RunColumns} FROM runs r WHERE r.run_uuid = {p.Add(runId)}", p, cancellationToken, scope.Transaction).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        return infos[0];
    }

    public Task DeleteRunAsync(string runId, CancellationToken cancellationToken) =>
        SetRunStageAsync(runId, LifecycleStage.Deleted, cancellationToken);

    public Task RestoreRunAsync(string runId, CancellationToken cancellationToken) =>
        SetRunStageAsync(runId, LifecycleStage.Active, cancellationToken);

    private async Task SetRunStageAsync(string runId, string stage, CancellationToken cancellationToken)
    {
        TrackingValidator.RunId(runId);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        var current = await ScalarAsync(scope, $"SELECT lifecycle_stage FROM runs WHERE run_uuid = {p.Add(runId)}", p, cancellationToken).ConfigureAwait(false) as string
            ?? throw RunNotFound(runId);
        if (stage == LifecycleStage.Active && current == LifecycleStage.Deleted)
        {
            p = new SqlParameters();
            await ExecAsync(scope, $"UPDATE runs SET lifecycle_stage = {p.Add(stage)}, deleted_time = NULL, deleted_with_experiment = 0 WHERE run_uuid = {p.Add(runId)}", p, cancellationToken).ConfigureAwait(false);
        }
        else if (stage == LifecycleStage.Deleted && current == LifecycleStage.Active)
        {
            p = new SqlParameters();
            await ExecAsync(scope, $"UPDATE runs SET lifecycle_stage = {p.Add(stage)}, deleted_time = {p.Add(Now)} WHERE run_uuid = {p.Add(runId)}", p, cancellationToken).ConfigureAwait(false);
        }

        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task LogBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<Tag> tags, CancellationToken cancellationToken)
    {
        TrackingValidator.RunId(runId);
        TrackingValidator.Batch(metrics, parameters, tags);
        if (metrics.Count == 0 && parameters.Count == 0 && tags.Count == 0)
        {
            return;
        }

        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var experimentId = await RequireActiveRunAsync(scope, runId, cancellationToken).ConfigureAwait(false);

        if (parameters.Count > 0)
        {
            await InsertParamsAsync(scope, runId, parameters, cancellationToken).ConfigureAwait(false);
        }

        for (var i = 0; i < tags.Count; i++)
        {
            await UpsertRunTagAsync(scope, runId, tags[i], cancellationToken).ConfigureAwait(false);
            if (tags[i].Key == MlflowTags.RunName)
            {
                var p = new SqlParameters();
                await ExecAsync(scope, $"UPDATE runs SET name = {p.Add(tags[i].Value)} WHERE run_uuid = {p.Add(runId)}", p, cancellationToken).ConfigureAwait(false);
            }
        }

        if (metrics.Count > 0)
        {
            await InsertMetricsAsync(scope, runId, metrics, cancellationToken).ConfigureAwait(false);
            await UpdateLatestMetricsAsync(scope, runId, experimentId, metrics, cancellationToken).ConfigureAwait(false);
        }

        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        TrackingMetrics.MetricPoints.Add(metrics.Count);
    }

    public async Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken)
    {
        TrackingValidator.RunId(runId);
        if (string.IsNullOrEmpty(key))
        {
            throw ArgusException.MissingParameter("key");
        }

        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await RequireActiveRunAsync(scope, runId, cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        var removed = await ExecAsync(scope, $"DELETE FROM tags WHERE run_uuid = {p.Add(runId)} AND key = {p.Add(key)}", p, cancellationToken).ConfigureAwait(false);
        if (removed == 0)
        {
            throw ArgusException.NotFound($"No tag with name: {key} in run with id {runId}");
        }

        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken)
    {
        TrackingValidator.RunId(runId);
        foreach (var input in inputs)
        {
            TrackingValidator.DatasetInput(input);
        }

        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var experimentId = await RequireActiveRunAsync(scope, runId, cancellationToken).ConfigureAwait(false);
        foreach (var input in inputs)
        {
            var d = input.Dataset;
            var p = new SqlParameters();
            // Insert-if-absent, then read: two writers logging the same dataset at once both end up with its one row
            // (PostgreSQL's ON CONFLICT waits for the other insert and sees it once committed).
            await ExecAsync(scope,
                "INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, source_type, source, schema, profile) VALUES " +
                $"({p.Add(Guid.NewGuid().ToString("N"))}, {p.Add(experimentId)}, {p.Add(d.Name)}, {p.Add(d.Digest)}, {p.Add(d.SourceType)}, {p.Add(d.Source)}, {p.Add(d.Schema)}, {p.Add(d.Profile)}) " +
                "ON CONFLICT (experiment_id, name, digest) DO NOTHING",
                p, cancellationToken).ConfigureAwait(false);
            p = new SqlParameters();
            var datasetId = (string)(await ScalarAsync(scope,
                $"SELECT dataset_uuid FROM datasets WHERE experiment_id = {p.Add(experimentId)} AND name = {p.Add(d.Name)} AND digest = {p.Add(d.Digest)}",
                p, cancellationToken).ConfigureAwait(false))!;

            p = new SqlParameters();
            await ExecAsync(scope, $"INSERT INTO run_inputs (run_uuid, dataset_uuid) VALUES ({p.Add(runId)}, {p.Add(datasetId)}) ON CONFLICT DO NOTHING", p, cancellationToken).ConfigureAwait(false);
            foreach (var tag in input.Tags)
            {
                p = new SqlParameters();
                await ExecAsync(scope,
                    $"INSERT INTO run_input_tags (run_uuid, dataset_uuid, key, value) VALUES ({p.Add(runId)}, {p.Add(datasetId)}, {p.Add(tag.Key)}, {p.Add(tag.Value)}) " +
                    "ON CONFLICT (run_uuid, dataset_uuid, key) DO UPDATE SET value = excluded.value",
                    p, cancellationToken).ConfigureAwait(false);
            }
        }

        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Page<Metric>> GetMetricHistoryAsync(string runId, string metricKey, int? maxResults, string? pageToken, CancellationToken cancellationToken)
    {
        CheckHistoryArguments(runId, metricKey);
        var offset = TrackingJson.DecodePageToken(pageToken);
        int? limit = maxResults is null ? null : TrackingValidator.MaxResults(maxResults, 0, int.MaxValue - 1);
        await using var connection = await OpenHistoryAsync(runId, cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        var sql = HistorySql(runId, metricKey, p);
        if (limit is not null || offset > 0)
        {
            sql += $" LIMIT {p.Add((long)(limit ?? int.MaxValue - 1) + 1)} OFFSET {p.Add(offset)}";
        }

        var points = await ReadHistoryAsync(connection, sql, p, metricKey, cancellationToken).ConfigureAwait(false);
        return limit is { } l ? Paged(points, l, offset) : new Page<Metric>(points, null);
    }

    public async Task<MetricSeries> ReadMetricSeriesAsync(string runId, string metricKey, CancellationToken cancellationToken)
    {
        CheckHistoryArguments(runId, metricKey);
        await using var connection = await OpenHistoryAsync(runId, cancellationToken).ConfigureAwait(false);
        var (low, high) = await StepRangeAsync(connection, runId, metricKey, cancellationToken).ConfigureAwait(false);
        if (low is null || high is null || (Int128)high.Value - low.Value < SplitFromStepSpan || Environment.ProcessorCount < 2)
        {
            var p = new SqlParameters();
            return await ReadSeriesAsync(connection, HistorySql(runId, metricKey, p), p, metricKey, cancellationToken).ConfigureAwait(false);
        }

        // A long history is read as the two halves of its step range at once, each on its own connection: a million
        // points take about half the time. The statement orders by step first, so the upper half follows the lower.
        var middle = (long)(((Int128)low.Value + high.Value) / 2);
        var upper = Task.Run(async () =>
        {
            await using var other = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var p = new SqlParameters();
            return await ReadSeriesAsync(other, HistorySql(runId, metricKey, p, fromStep: middle), p, metricKey, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
        MetricSeries lower;
        try
        {
            var p = new SqlParameters();
            lower = await ReadSeriesAsync(connection, HistorySql(runId, metricKey, p, beforeStep: middle), p, metricKey, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The upper half's arrays go back to the pool, and its failure, if any, is observed; the first error is reported.
            _ = upper.ContinueWith(static t => { if (t.IsCompletedSuccessfully) t.Result.Dispose(); else _ = t.Exception; }, TaskScheduler.Default);
            throw;
        }

        try
        {
            using var higher = await upper.ConfigureAwait(false);
            lower.Append(higher);
            return lower;
        }
        catch
        {
            lower.Dispose();
            throw;
        }
    }

    public async Task<long> CountMetricPointsAsync(string runId, string metricKey, CancellationToken cancellationToken)
    {
        CheckHistoryArguments(runId, metricKey);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        await using var cmd = Command(connection, null, $"SELECT count(*) FROM metrics WHERE run_uuid = {p.Add(runId)} AND key = {p.Add(metricKey)}", p);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>From this span of steps on, <see cref="ReadMetricSeriesAsync"/> reads a history as two halves at once.</summary>
    internal const long SplitFromStepSpan = 200_000;

    // Primary-key order, so the rows stream out of the index with no sort (a NaN, stored as 0 with
    // is_nan set, sorts as 0 among points with the same step and timestamp).
    private static string HistorySql(string runId, string metricKey, SqlParameters p, long? fromStep = null, long? beforeStep = null) =>
        $"SELECT step, timestamp, value, is_nan FROM metrics WHERE run_uuid = {p.Add(runId)} AND key = {p.Add(metricKey)}" +
        (fromStep is { } from ? $" AND step >= {p.Add(from)}" : "") +
        (beforeStep is { } before ? $" AND step < {p.Add(before)}" : "") +
        " ORDER BY step, timestamp, value, is_nan";

    // The first and last step, each from one end of the primary key (null when there is no point).
    private async Task<(long? Low, long? High)> StepRangeAsync(DbConnection connection, string runId, string metricKey, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var of = $"FROM metrics WHERE run_uuid = {p.Add(runId)} AND key = {p.Add(metricKey)}";
        await using var cmd = Command(connection, null, $"SELECT (SELECT min(step) {of}), (SELECT max(step) {of})", p);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1));
    }

    private static void CheckHistoryArguments(string runId, string metricKey)
    {
        TrackingValidator.RunId(runId);
        if (string.IsNullOrEmpty(metricKey))
        {
            throw ArgusException.MissingParameter("metric_key");
        }
    }

    /// <summary>Checks that the run exists; returns an open connection for the history statement, timed as the caller.</summary>
    private async Task<DbConnection> OpenHistoryAsync(string runId, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        var connection = await OpenAsync(cancellationToken, operation).ConfigureAwait(false);
        try
        {
            var p = new SqlParameters();
            await using var exists = Command(connection, null, $"SELECT 1 FROM runs WHERE run_uuid = {p.Add(runId)}", p);
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                throw RunNotFound(runId);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs a history statement whose columns are step, timestamp, value, is_nan.</summary>
    protected virtual async Task<List<Metric>> ReadHistoryAsync(DbConnection connection, string sql, SqlParameters parameters, string metricKey, CancellationToken cancellationToken)
    {
        var points = new List<Metric>();
        await using var cmd = Command(connection, null, sql, parameters);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            points.Add(new Metric(metricKey, reader.GetInt64(3) != 0 ? double.NaN : reader.GetDouble(2), reader.GetInt64(1), reader.GetInt64(0)));
        }

        return points;
    }

    /// <summary>Runs a history statement whose columns are step, timestamp, value, is_nan, into columns.</summary>
    protected virtual async Task<MetricSeries> ReadSeriesAsync(DbConnection connection, string sql, SqlParameters parameters, string metricKey, CancellationToken cancellationToken)
    {
        var series = new MetricSeries(metricKey);
        try
        {
            await using var cmd = Command(connection, null, sql, parameters);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                series.Add(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(3) != 0 ? double.NaN : reader.GetDouble(2));
            }

            return series;
        }
        catch
        {
            series.Dispose();
            throw;
        }
    }

    public async Task<Page<Run>> SearchRunsAsync(RunSearch search, CancellationToken cancellationToken)
    {
        var limit = TrackingValidator.MaxResults(search.MaxResults, RunSearch.DefaultMaxResults, RunSearch.MaxMaxResults);
        var offset = TrackingJson.DecodePageToken(search.PageToken);
        var experimentIds = search.ExperimentIds.Select(ParseExperimentId).ToList();
        if (experimentIds.Count == 0)
        {
            return new Page<Run>([], null);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var infos = RunSearchSql.LeadingMetric(search.OrderBy) is { } leading
            ? await SearchByMetricAsync(connection, search, experimentIds, leading.Key, leading.Descending, limit + 1, offset, cancellationToken).ConfigureAwait(false)
            : await QueryRunInfosAsync(connection, RunQuery(search, experimentIds, limit + 1, offset, out var p), p, cancellationToken).ConfigureAwait(false);
        var page = Paged(infos, limit, offset);
        var runs = await LoadRunsAsync(connection, page.Items, cancellationToken).ConfigureAwait(false);
        return new Page<Run>(runs, page.NextPageToken);
    }

    private string RunQuery(RunSearch search, IReadOnlyList<long> experimentIds, long take, long skip, out SqlParameters p)
    {
        p = new SqlParameters();
        var where = RunSearchSql.Where(search.Filter, p, Dialect);
        var (joins, orderBy) = RunSearchSql.OrderBy(search.OrderBy, p, Dialect);
        return $"SELECT {RunColumns} FROM runs r {joins} WHERE {RunScope(search, experimentIds, p)}" +
               (where is null ? string.Empty : $" AND ({where})") +
               $" ORDER BY {orderBy} LIMIT {p.Add(take)} OFFSET {p.Add(skip)}";
    }

    private string RunScope(RunSearch search, IReadOnlyList<long> experimentIds, SqlParameters p) =>
        $"{Dialect.AnyOf("r.experiment_id", p, experimentIds)} AND {Dialect.AnyOf("r.lifecycle_stage", p, LifecycleStage.For(search.ViewType))}";

    /// <summary>
    /// Ordering by a metric first, as three segments in order — runs with a number for the metric
    /// (an index range scan on <c>(key, is_nan, value)</c> that stops at the page), then NaN, then
    /// runs without it — so a page costs what it returns, not what the experiment holds. Filter
    /// conjuncts on the same metric narrow the scan; they also rule out the NaN and missing segments.
    /// </summary>
    private async Task<List<RunInfo>> SearchByMetricAsync(
        DbConnection connection, RunSearch search, IReadOnlyList<long> experimentIds, string key, bool descending, long take, long skip, CancellationToken cancellationToken)
    {
        var rest = search.OrderBy.Skip(1).ToList();
        var rows = new List<RunInfo>();
        for (var segment = 0; segment < 3 && rows.Count < take; segment++)
        {
            var sql = SegmentQuery(segment, count: false, search, experimentIds, key, descending, rest, take - rows.Count, skip, out var p, out var hasPushed);
            var found = await QueryRunInfosAsync(connection, sql, p, cancellationToken).ConfigureAwait(false);
            rows.AddRange(found);
            if (found.Count > 0)
            {
                skip = 0;
            }
            else if (skip > 0)
            {
                // The page starts past this segment: skip over all of it.
                var countSql = SegmentQuery(segment, count: true, search, experimentIds, key, descending, rest, 0, 0, out var cp, out _);
                await using var cmd = Command(connection, null, countSql, cp);
                skip = Math.Max(0, skip - Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture));
            }

            if (hasPushed)
            {
                break; // a comparison on the metric never holds for NaN or a missing value
            }
        }

        return rows;
    }

    private string SegmentQuery(
        int segment, bool count, RunSearch search, IReadOnlyList<long> experimentIds, string key, bool descending, IReadOnlyList<string> rest,
        long take, long skip, out SqlParameters p, out bool hasPushed)
    {
        p = new SqlParameters();
        var (pushed, where) = RunSearchSql.SplitForMetric(search.Filter, key, "mo", p, Dialect);
        hasPushed = pushed is not null;
        var (joins, orderBy) = RunSearchSql.OrderBy(rest, p, Dialect);
        var keyParameter = p.Add(key);

        // One experiment (the usual search) scans its own slice of the index; several scan the key's.
        var experiment = experimentIds.Count == 1 ? $"mo.experiment_id = {p.Add(experimentIds[0])} AND " : string.Empty;
        // CROSS JOIN fixes SQLite's join order (the metric index drives); PostgreSQL treats it as an inner join.
        var from = segment switch
        {
            0 => $"FROM latest_metrics mo CROSS JOIN runs r {joins} WHERE r.run_uuid = mo.run_uuid AND {experiment}mo.key = {keyParameter} AND mo.is_nan = 0" +
                 (pushed is null ? string.Empty : $" AND {pushed}"),
            1 => $"FROM latest_metrics mo CROSS JOIN runs r {joins} WHERE r.run_uuid = mo.run_uuid AND {experiment}mo.key = {keyParameter} AND mo.is_nan = 1",
            _ => $"FROM runs r {joins} WHERE NOT EXISTS (SELECT 1 FROM latest_metrics mo WHERE mo.run_uuid = r.run_uuid AND mo.key = {keyParameter})",
        };
        var filter = $" AND {RunScope(search, experimentIds, p)}" + (where is null ? string.Empty : $" AND ({where})");
        if (count)
        {
            return $"SELECT COUNT(*) {from}{filter}";
        }

        var order = segment == 0 ? $"mo.value {(descending ? "DESC" : "ASC")}, {orderBy}" : orderBy;
        return $"SELECT {RunColumns} {from}{filter} ORDER BY {order} LIMIT {p.Add(take)} OFFSET {p.Add(skip)}";
    }

    public async Task<PurgeResult> PurgeDeletedAsync(long olderThanMs, CancellationToken cancellationToken)
    {
        var cutoff = Now - Math.Max(0, olderThanMs);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        var experiments = new List<long>();
        await using (var cmd = Command(scope.Connection, scope.Transaction,
            $"SELECT experiment_id FROM experiments WHERE lifecycle_stage = {p.Add(LifecycleStage.Deleted)} AND deleted_time <= {p.Add(cutoff)} AND experiment_id <> 0", p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                experiments.Add(reader.GetInt64(0));
            }
        }

        p = new SqlParameters();
        var runs = new List<PurgedRun>();
        var sql = $"SELECT run_uuid, artifact_uri FROM runs WHERE (lifecycle_stage = {p.Add(LifecycleStage.Deleted)} AND deleted_time <= {p.Add(cutoff)})";
        if (experiments.Count > 0)
        {
            sql += $" OR {Dialect.AnyOf("experiment_id", p, experiments)}";
        }

        await using (var cmd = Command(scope.Connection, scope.Transaction, sql, p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                runs.Add(new PurgedRun(reader.GetString(0), reader.GetString(1)));
            }
        }

        if (runs.Count > 0)
        {
            p = new SqlParameters();
            await ExecAsync(scope, $"DELETE FROM runs WHERE {Dialect.AnyOf("run_uuid", p, runs.Select(r => r.RunId).ToList())}", p, cancellationToken).ConfigureAwait(false);
        }

        if (experiments.Count > 0)
        {
            p = new SqlParameters();
            await ExecAsync(scope, $"DELETE FROM experiments WHERE {Dialect.AnyOf("experiment_id", p, experiments)}", p, cancellationToken).ConfigureAwait(false);
        }

        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new PurgeResult(runs, experiments.Select(e => e.ToString(CultureInfo.InvariantCulture)).ToList());
    }

    // ---------------------------------------------------------------- helpers

    private async Task InsertParamsAsync(WriteScope scope, string runId, IReadOnlyList<Param> parameters, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var keys = parameters.Select(x => x.Key).Distinct(StringComparer.Ordinal).ToList();
        var existing = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var cmd = Command(scope.Connection, scope.Transaction, $"SELECT key, value FROM params WHERE run_uuid = {p.Add(runId)} AND {Dialect.AnyOf("key", p, keys)}", p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                existing[reader.GetString(0)] = reader.GetString(1);
            }
        }

        foreach (var param in parameters)
        {
            if (existing.TryGetValue(param.Key, out var old))
            {
                if (!string.Equals(old, param.Value, StringComparison.Ordinal))
                {
                    throw ArgusException.InvalidParameter(
                        $"Changing param values is not allowed. Params were already logged='[{{'key': '{param.Key}', 'old_value': '{old}', 'new_value': '{param.Value}'}}]' for run ID='{runId}'.");
                }

                continue;
            }

            existing[param.Key] = param.Value;
            p = new SqlParameters();
            await ExecAsync(scope, $"INSERT INTO params (run_uuid, key, value) VALUES ({p.Add(runId)}, {p.Add(param.Key)}, {p.Add(param.Value)})", p, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task UpdateLatestMetricsAsync(WriteScope scope, string runId, long experimentId, IReadOnlyList<Metric> metrics, CancellationToken cancellationToken)
    {
        // One upsert per key with the batch's greatest (step, timestamp, value); the database keeps the
        // stored row when it is greater still. NaN sorts above every number, as MLflow's "max on ties".
        var best = new Dictionary<string, Metric>(StringComparer.Ordinal);
        for (var i = 0; i < metrics.Count; i++)
        {
            var m = metrics[i];
            if (!best.TryGetValue(m.Key, out var held) || Later(m, held))
            {
                best[m.Key] = m;
            }
        }

        foreach (var m in best.Values)
        {
            var p = new SqlParameters();
            var isNan = double.IsNaN(m.Value) ? 1 : 0;
            await ExecAsync(scope,
                $"INSERT INTO latest_metrics (run_uuid, key, value, timestamp, step, is_nan, experiment_id) VALUES ({p.Add(runId)}, {p.Add(m.Key)}, {p.Add(isNan == 1 ? 0.0 : m.Value)}, {p.Add(m.Timestamp)}, {p.Add(m.Step)}, {p.Add(isNan)}, {p.Add(experimentId)}) " +
                "ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp, step = excluded.step, is_nan = excluded.is_nan " +
                "WHERE excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step AND (excluded.timestamp > latest_metrics.timestamp " +
                "OR (excluded.timestamp = latest_metrics.timestamp AND (excluded.is_nan > latest_metrics.is_nan " +
                "OR (excluded.is_nan = latest_metrics.is_nan AND excluded.value > latest_metrics.value)))))",
                p, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool Later(Metric a, Metric b)
    {
        if (a.Step != b.Step)
        {
            return a.Step > b.Step;
        }

        if (a.Timestamp != b.Timestamp)
        {
            return a.Timestamp > b.Timestamp;
        }

        var an = double.IsNaN(a.Value);
        var bn = double.IsNaN(b.Value);
        return an != bn ? an : !an && a.Value > b.Value;
    }

    private async Task UpsertRunTagAsync(WriteScope scope, string runId, Tag tag, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        await ExecAsync(scope,
            $"INSERT INTO tags (run_uuid, key, value) VALUES ({p.Add(runId)}, {p.Add(tag.Key)}, {p.Add(tag.Value)}) ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value",
            p, cancellationToken).ConfigureAwait(false);
    }

    private async Task UpsertExperimentTagAsync(WriteScope scope, long experimentId, Tag tag, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        await ExecAsync(scope,
            $"INSERT INTO experiment_tags (experiment_id, key, value) VALUES ({p.Add(experimentId)}, {p.Add(tag.Key)}, {p.Add(tag.Value)}) ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value",
            p, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks the run exists and is active; returns its experiment id.</summary>
    private async Task<long> RequireActiveRunAsync(WriteScope scope, string runId, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        string? stage = null;
        long experimentId = 0;
        await using (var cmd = Command(scope.Connection, scope.Transaction, $"SELECT lifecycle_stage, experiment_id FROM runs WHERE run_uuid = {p.Add(runId)}", p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stage = reader.GetString(0);
                experimentId = reader.GetInt64(1);
            }
        }

        if (stage is null)
        {
            throw RunNotFound(runId);
        }

        if (stage != LifecycleStage.Active)
        {
            throw ArgusException.InvalidParameter($"The run {runId} must be in the 'active' state. Current state is {stage}.");
        }

        return experimentId;
    }

    private async Task<string> ExperimentStageAsync(WriteScope scope, long id, string experimentId, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        return await ScalarAsync(scope, $"SELECT lifecycle_stage FROM experiments WHERE experiment_id = {p.Add(id)}", p, cancellationToken).ConfigureAwait(false) as string
            ?? throw ExperimentNotFound(experimentId);
    }

    private async Task RequireActiveExperimentAsync(WriteScope scope, long id, string experimentId, CancellationToken cancellationToken)
    {
        var stage = await ExperimentStageAsync(scope, id, experimentId, cancellationToken).ConfigureAwait(false);
        if (stage != LifecycleStage.Active)
        {
            throw ArgusException.InvalidParameter($"The experiment {experimentId} must be in the 'active' state. Current state is {stage}.");
        }
    }

    private async Task<List<Experiment>> QueryExperimentsAsync(DbConnection connection, string sql, SqlParameters p, CancellationToken cancellationToken)
    {
        var rows = new List<(long Id, string Name, string Location, string Stage, long Updated, long Created)>();
        await using (var cmd = Command(connection, null, sql, p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5)));
            }
        }

        if (rows.Count == 0)
        {
            return [];
        }

        var tags = rows.ToDictionary(r => r.Id, _ => new List<Tag>());
        var tp = new SqlParameters();
        await using (var cmd = Command(connection, null, $"SELECT experiment_id, key, value FROM experiment_tags WHERE {Dialect.AnyOf("experiment_id", tp, tags.Keys.ToList())} ORDER BY key", tp))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tags[reader.GetInt64(0)].Add(new Tag(reader.GetString(1), reader.GetString(2)));
            }
        }

        return rows.Select(r => new Experiment(r.Id.ToString(CultureInfo.InvariantCulture), r.Name, r.Location, r.Stage, r.Updated, r.Created, tags[r.Id])).ToList();
    }

    private async Task<List<RunInfo>> QueryRunInfosAsync(DbConnection connection, string sql, SqlParameters p, CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        var infos = new List<RunInfo>();
        await using var cmd = Command(connection, transaction, sql, p);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            infos.Add(new RunInfo(
                id,
                id,
                reader.GetString(2),
                reader.GetInt64(1).ToString(CultureInfo.InvariantCulture),
                reader.GetString(3),
                ParseStatus(reader.GetString(4)),
                reader.GetInt64(5),
                reader.IsDBNull(6) ? null : reader.GetInt64(6),
                reader.GetString(7),
                reader.GetString(8)));
        }

        return infos;
    }

    /// <summary>Loads latest metrics, params, tags and inputs for a page of runs in four queries.</summary>
    private async Task<List<Run>> LoadRunsAsync(DbConnection connection, IReadOnlyList<RunInfo> infos, CancellationToken cancellationToken)
    {
        if (infos.Count == 0)
        {
            return [];
        }

        var ids = new List<string>(infos.Count);
        var metrics = new Dictionary<string, List<Metric>>(infos.Count, StringComparer.Ordinal);
        var parameters = new Dictionary<string, List<Param>>(infos.Count, StringComparer.Ordinal);
        var tags = new Dictionary<string, List<Tag>>(infos.Count, StringComparer.Ordinal);
        var inputs = new Dictionary<string, Dictionary<string, (Dataset Dataset, List<Tag> Tags)>>(infos.Count, StringComparer.Ordinal);
        foreach (var info in infos)
        {
            ids.Add(info.RunId);
            metrics[info.RunId] = [];
            parameters[info.RunId] = [];
            tags[info.RunId] = [];
        }

        var p = new SqlParameters();
        await using (var cmd = Command(connection, null, $"SELECT run_uuid, key, value, timestamp, step, is_nan FROM latest_metrics WHERE {Dialect.AnyOf("run_uuid", p, ids)} ORDER BY key", p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                metrics[reader.GetString(0)].Add(new Metric(reader.GetString(1), reader.GetInt64(5) != 0 ? double.NaN : reader.GetDouble(2), reader.GetInt64(3), reader.GetInt64(4)));
            }
        }

        p = new SqlParameters();
        await using (var cmd = Command(connection, null, $"SELECT run_uuid, key, value FROM params WHERE {Dialect.AnyOf("run_uuid", p, ids)} ORDER BY key", p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                parameters[reader.GetString(0)].Add(new Param(reader.GetString(1), reader.GetString(2)));
            }
        }

        p = new SqlParameters();
        await using (var cmd = Command(connection, null, $"SELECT run_uuid, key, value FROM tags WHERE {Dialect.AnyOf("run_uuid", p, ids)} ORDER BY key", p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tags[reader.GetString(0)].Add(new Tag(reader.GetString(1), reader.GetString(2)));
            }
        }

        p = new SqlParameters();
        await using (var cmd = Command(connection, null,
            "SELECT i.run_uuid, d.dataset_uuid, d.name, d.digest, d.source_type, d.source, d.schema, d.profile, t.key, t.value " +
            "FROM run_inputs i JOIN datasets d ON d.dataset_uuid = i.dataset_uuid " +
            "LEFT JOIN run_input_tags t ON t.run_uuid = i.run_uuid AND t.dataset_uuid = i.dataset_uuid " +
            $"WHERE {Dialect.AnyOf("i.run_uuid", p, ids)} ORDER BY d.name, d.digest, t.key", p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var runId = reader.GetString(0);
                if (!inputs.TryGetValue(runId, out var byDataset))
                {
                    inputs[runId] = byDataset = new(StringComparer.Ordinal);
                }

                var datasetId = reader.GetString(1);
                if (!byDataset.TryGetValue(datasetId, out var entry))
                {
                    entry = (new Dataset(reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                        reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)), []);
                    byDataset[datasetId] = entry;
                }

                if (!reader.IsDBNull(8))
                {
                    entry.Tags.Add(new Tag(reader.GetString(8), reader.GetString(9)));
                }
            }
        }

        var runs = new List<Run>(infos.Count);
        foreach (var info in infos)
        {
            var runInputs = inputs.TryGetValue(info.RunId, out var byDataset)
                ? new RunInputs(byDataset.Values.Select(v => new DatasetInput(v.Tags, v.Dataset)).ToList())
                : RunInputs.Empty;
            runs.Add(new Run(info, new RunData(metrics[info.RunId], parameters[info.RunId], tags[info.RunId]), runInputs));
        }

        return runs;
    }

    private static Page<T> Paged<T>(List<T> rows, int limit, long offset)
    {
        if (rows.Count <= limit)
        {
            return new Page<T>(rows, null);
        }

        rows.RemoveAt(rows.Count - 1);
        return new Page<T>(rows, TrackingJson.EncodePageToken(offset + limit));
    }

    private static List<Tag> Dedupe(List<Tag> tags)
    {
        var last = new Dictionary<string, Tag>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            last[tag.Key] = tag;
        }

        return last.Values.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
    }

    protected static long ParseExperimentId(string experimentId)
    {
        TrackingValidator.ExperimentId(experimentId);
        if (!long.TryParse(experimentId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw ArgusException.NotFound($"No Experiment with id={experimentId} exists");
        }

        return id;
    }

    internal static string StatusText(RunStatus status) => status switch
    {
        RunStatus.Running => "RUNNING",
        RunStatus.Scheduled => "SCHEDULED",
        RunStatus.Finished => "FINISHED",
        RunStatus.Failed => "FAILED",
        RunStatus.Killed => "KILLED",
        _ => throw ArgusException.InvalidParameter($"Invalid run status {(int)status}."),
    };

    private static RunStatus ParseStatus(string text) => text switch
    {
        "RUNNING" => RunStatus.Running,
        "SCHEDULED" => RunStatus.Scheduled,
        "FINISHED" => RunStatus.Finished,
        "FAILED" => RunStatus.Failed,
        "KILLED" => RunStatus.Killed,
        _ => throw new ArgusException(ErrorCode.InternalError, $"Unknown run status '{text}' in the database."),
    };

    private static ArgusException RunNotFound(string runId) => ArgusException.NotFound($"Run with id={runId} not found");

    private static ArgusException ExperimentNotFound(string experimentId) => ArgusException.NotFound($"No Experiment with id={experimentId} exists");

    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, SqlParameters? parameters)
    {
        var cmd = connection.CreateCommand();
#pragma warning disable CA2100 // SQL text is built only from fixed fragments; every user value is a parameter.
        cmd.CommandText = sql;
#pragma warning restore CA2100
        cmd.Transaction = transaction;
        parameters?.BindTo(cmd);
        return cmd;
    }

    protected static async Task<int> ExecAsync(WriteScope scope, string sql, SqlParameters? parameters, CancellationToken cancellationToken)
    {
        await using var cmd = Command(scope.Connection, scope.Transaction, sql, parameters);
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected static async Task<object?> ScalarAsync(WriteScope scope, string sql, SqlParameters? parameters, CancellationToken cancellationToken)
    {
        await using var cmd = Command(scope.Connection, scope.Transaction, sql, parameters);
        var value = await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }
}
