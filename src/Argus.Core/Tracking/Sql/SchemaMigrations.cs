namespace Argus.Core.Tracking.Sql;

/// <summary>
/// Versioned schema steps, applied in order inside one transaction at store start and by
/// <c>argus db upgrade</c>. A step, once released, never changes: new needs get a new version.
/// Each step is written once; <see cref="Steps"/> fills in the few type names the dialects spell
/// differently.
/// </summary>
internal static class SchemaMigrations
{
    /// <summary>The schema version this build writes.</summary>
    public static int Latest => Templates.Length;

    /// <summary>The DDL of each version, oldest first, for a dialect.</summary>
    public static IReadOnlyList<string> Steps(SqlDialect dialect) =>
        dialect == SqlDialect.Sqlite ? SqliteSteps : PostgresSteps;

    // {Id}: the auto-numbered key; {Int64}/{Float64}: 64-bit columns; {NoRowId}: SQLite's clustered tables.
    private static readonly string[] Templates =
    [
        """
        CREATE TABLE experiments (
            experiment_id {Id},
            name TEXT NOT NULL UNIQUE,
            artifact_location TEXT NOT NULL,
            lifecycle_stage TEXT NOT NULL,
            creation_time {Int64} NOT NULL,
            last_update_time {Int64} NOT NULL,
            deleted_time {Int64});
        CREATE TABLE experiment_tags (
            experiment_id {Int64} NOT NULL REFERENCES experiments(experiment_id) ON DELETE CASCADE,
            key TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (experiment_id, key)){NoRowId};
        CREATE TABLE runs (
            run_uuid TEXT PRIMARY KEY,
            experiment_id {Int64} NOT NULL REFERENCES experiments(experiment_id) ON DELETE CASCADE,
            name TEXT NOT NULL, user_id TEXT NOT NULL, status TEXT NOT NULL,
            start_time {Int64} NOT NULL, end_time {Int64},
            artifact_uri TEXT NOT NULL, lifecycle_stage TEXT NOT NULL, deleted_time {Int64},
            deleted_with_experiment INTEGER NOT NULL DEFAULT 0){NoRowId};
        CREATE INDEX runs_by_experiment ON runs (experiment_id, lifecycle_stage, start_time DESC, run_uuid);
        CREATE TABLE params (
            run_uuid TEXT NOT NULL REFERENCES runs(run_uuid) ON DELETE CASCADE,
            key TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (run_uuid, key)){NoRowId};
        CREATE TABLE tags (
            run_uuid TEXT NOT NULL REFERENCES runs(run_uuid) ON DELETE CASCADE,
            key TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (run_uuid, key)){NoRowId};
        CREATE TABLE metrics (
            run_uuid TEXT NOT NULL REFERENCES runs(run_uuid) ON DELETE CASCADE,
            key TEXT NOT NULL, step {Int64} NOT NULL, timestamp {Int64} NOT NULL,
            value {Float64} NOT NULL, is_nan INTEGER NOT NULL,
            PRIMARY KEY (run_uuid, key, step, timestamp, value, is_nan)){NoRowId};
        CREATE TABLE latest_metrics (
            run_uuid TEXT NOT NULL REFERENCES runs(run_uuid) ON DELETE CASCADE,
            key TEXT NOT NULL, value {Float64} NOT NULL, timestamp {Int64} NOT NULL,
            step {Int64} NOT NULL, is_nan INTEGER NOT NULL, experiment_id {Int64} NOT NULL,
            PRIMARY KEY (run_uuid, key)){NoRowId};
        CREATE INDEX latest_metrics_by_key_value ON latest_metrics (key, is_nan, value);
        CREATE INDEX latest_metrics_by_experiment_key_value ON latest_metrics (experiment_id, key, is_nan, value);
        CREATE TABLE datasets (
            dataset_uuid TEXT PRIMARY KEY,
            experiment_id {Int64} NOT NULL REFERENCES experiments(experiment_id) ON DELETE CASCADE,
            name TEXT NOT NULL, digest TEXT NOT NULL, source_type TEXT NOT NULL, source TEXT NOT NULL,
            schema TEXT, profile TEXT,
            UNIQUE (experiment_id, name, digest));
        CREATE TABLE run_inputs (
            run_uuid TEXT NOT NULL REFERENCES runs(run_uuid) ON DELETE CASCADE,
            dataset_uuid TEXT NOT NULL REFERENCES datasets(dataset_uuid) ON DELETE CASCADE,
            PRIMARY KEY (run_uuid, dataset_uuid)){NoRowId};
        CREATE TABLE run_input_tags (
            run_uuid TEXT NOT NULL, dataset_uuid TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (run_uuid, dataset_uuid, key),
            FOREIGN KEY (run_uuid, dataset_uuid) REFERENCES run_inputs(run_uuid, dataset_uuid) ON DELETE CASCADE){NoRowId};
        """,
        // v2, the model registry. Renaming a model updates registered_models.name, and ON UPDATE
        // CASCADE carries it down one path each: model → versions → version tags and aliases; model →
        // model tags. Deleting a model cascades the same way. registry_events has no foreign key, so
        // the audit history outlives what it describes (rename moves it explicitly). last_version
        // only grows: a deleted version's number is never given out again, as in MLflow.
        """
        CREATE TABLE registered_models (
            name TEXT PRIMARY KEY,
            creation_time {Int64} NOT NULL,
            last_updated_time {Int64} NOT NULL,
            user_id TEXT,
            description TEXT,
            last_version {Int64} NOT NULL DEFAULT 0){NoRowId};
        CREATE TABLE registered_model_tags (
            name TEXT NOT NULL REFERENCES registered_models(name) ON UPDATE CASCADE ON DELETE CASCADE,
            key TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (name, key)){NoRowId};
        CREATE TABLE model_versions (
            name TEXT NOT NULL REFERENCES registered_models(name) ON UPDATE CASCADE ON DELETE CASCADE,
            version {Int64} NOT NULL,
            creation_time {Int64} NOT NULL,
            last_updated_time {Int64} NOT NULL,
            user_id TEXT,
            current_stage TEXT NOT NULL,
            description TEXT,
            source TEXT NOT NULL,
            run_id TEXT,
            status TEXT NOT NULL,
            status_message TEXT,
            run_link TEXT,
            PRIMARY KEY (name, version)){NoRowId};
        CREATE INDEX model_versions_by_run ON model_versions (run_id);
        CREATE INDEX model_versions_by_update ON model_versions (last_updated_time);
        CREATE TABLE model_version_tags (
            name TEXT NOT NULL, version {Int64} NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (name, version, key),
            FOREIGN KEY (name, version) REFERENCES model_versions(name, version) ON UPDATE CASCADE ON DELETE CASCADE){NoRowId};
        CREATE TABLE registered_model_aliases (
            name TEXT NOT NULL, alias TEXT NOT NULL, version {Int64} NOT NULL,
            PRIMARY KEY (name, alias),
            FOREIGN KEY (name, version) REFERENCES model_versions(name, version) ON UPDATE CASCADE ON DELETE CASCADE){NoRowId};
        CREATE INDEX registered_model_aliases_by_version ON registered_model_aliases (name, version);
        CREATE TABLE registry_events (
            id {Id},
            name TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,
            from_value TEXT, to_value TEXT, user_id TEXT,
            timestamp {Int64} NOT NULL, reason TEXT);
        CREATE INDEX registry_events_by_name ON registry_events (name, id);
        """,
        // v3, alerts received from Alertmanager's webhook. Alertmanager re-sends an alert every repeat_interval and
        // on retries; the unique key keeps one row per (fingerprint, starts_at, status), and inserts skip conflicts.
        // Labels and annotations are JSON objects as text; times are Unix milliseconds.
        """
        CREATE TABLE alerts (
            id {Id},
            fingerprint TEXT NOT NULL,
            status TEXT NOT NULL,
            alertname TEXT NOT NULL,
            labels TEXT NOT NULL,
            annotations TEXT NOT NULL,
            starts_at {Int64} NOT NULL,
            ends_at {Int64},
            generator_url TEXT,
            receiver TEXT,
            group_key TEXT,
            external_url TEXT,
            received_at {Int64} NOT NULL);
        CREATE UNIQUE INDEX alerts_dedupe ON alerts (fingerprint, starts_at, status);
        CREATE INDEX alerts_by_received ON alerts (received_at, id);
        CREATE INDEX alerts_by_name ON alerts (alertname, received_at, id);
        """,
        // v4, pipelines. At most one run per pipeline is running: the partial unique index makes a second start fail,
        // however many runners try at once. A step's log is appended in chunks ordered by id; step_runs.log_size keeps
        // its length (an append locks that row, so appends to one step commit in id order). A tick of a schedule is run
        // by whoever inserts its (pipeline, tick) row first. working_directory is the folder relative paths in a run's
        // settings resolve against (the pipeline file's). parameters and outputs are JSON objects as text; times are
        // Unix milliseconds.
        """
        CREATE TABLE pipeline_runs (
            run_id TEXT PRIMARY KEY,
            pipeline TEXT NOT NULL,
            state TEXT NOT NULL,
            triggered_by TEXT NOT NULL,
            scheduled_for {Int64},
            retry_of TEXT,
            start_time {Int64} NOT NULL,
            end_time {Int64},
            heartbeat {Int64} NOT NULL,
            owner TEXT NOT NULL,
            message TEXT,
            parameters TEXT NOT NULL,
            definition TEXT NOT NULL,
            working_directory TEXT);
        CREATE UNIQUE INDEX pipeline_runs_one_running ON pipeline_runs (pipeline) WHERE state = 'running';
        CREATE INDEX pipeline_runs_by_start ON pipeline_runs (start_time, run_id);
        CREATE INDEX pipeline_runs_by_pipeline ON pipeline_runs (pipeline, start_time, run_id);
        CREATE INDEX pipeline_runs_by_heartbeat ON pipeline_runs (heartbeat) WHERE state = 'running';
        CREATE TABLE pipeline_step_runs (
            run_id TEXT NOT NULL REFERENCES pipeline_runs(run_id) ON DELETE CASCADE,
            step TEXT NOT NULL,
            ordinal INTEGER NOT NULL,
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            start_time {Int64},
            end_time {Int64},
            outputs TEXT NOT NULL,
            error TEXT,
            log_size {Int64} NOT NULL DEFAULT 0,
            PRIMARY KEY (run_id, step));
        CREATE TABLE pipeline_step_logs (
            id {Id},
            run_id TEXT NOT NULL,
            step TEXT NOT NULL,
            text TEXT NOT NULL,
            FOREIGN KEY (run_id, step) REFERENCES pipeline_step_runs(run_id, step) ON DELETE CASCADE);
        CREATE INDEX pipeline_step_logs_by_step ON pipeline_step_logs (run_id, step, id);
        CREATE TABLE pipeline_schedules (
            pipeline TEXT PRIMARY KEY,
            cron TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            enabled INTEGER NOT NULL,
            definition TEXT NOT NULL,
            parameters TEXT NOT NULL,
            created_time {Int64} NOT NULL,
            last_tick {Int64},
            working_directory TEXT);
        CREATE TABLE pipeline_schedule_ticks (
            pipeline TEXT NOT NULL,
            tick {Int64} NOT NULL,
            owner TEXT NOT NULL,
            claimed_at {Int64} NOT NULL,
            PRIMARY KEY (pipeline, tick)){NoRowId};
        """,
        // v5, authentication and permissions. Secrets are stored as SHA-256 (tokens, sessions) or PBKDF2 (passwords).
        // A user's tokens, sessions and permissions go with the user; an experiment's permissions with the experiment
        // when it is purged; a registered model's follow its renames and go with it. audit_log has no foreign key, so
        // it outlives what it describes. Booleans are 0/1; times are Unix milliseconds.
        """
        CREATE TABLE users (
            id {Id},
            username TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            is_admin INTEGER NOT NULL DEFAULT 0,
            created_at {Int64} NOT NULL,
            updated_at {Int64} NOT NULL);
        CREATE TABLE experiment_permissions (
            user_id {Int64} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            experiment_id {Int64} NOT NULL REFERENCES experiments(experiment_id) ON DELETE CASCADE,
            permission TEXT NOT NULL,
            PRIMARY KEY (user_id, experiment_id)){NoRowId};
        CREATE INDEX experiment_permissions_by_experiment ON experiment_permissions (experiment_id);
        CREATE TABLE registered_model_permissions (
            user_id {Int64} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name TEXT NOT NULL REFERENCES registered_models(name) ON UPDATE CASCADE ON DELETE CASCADE,
            permission TEXT NOT NULL,
            PRIMARY KEY (user_id, name)){NoRowId};
        CREATE INDEX registered_model_permissions_by_name ON registered_model_permissions (name);
        CREATE TABLE api_tokens (
            id {Id},
            user_id {Int64} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created_at {Int64} NOT NULL,
            expires_at {Int64},
            revoked_at {Int64},
            last_used_at {Int64});
        CREATE INDEX api_tokens_by_user ON api_tokens (user_id, id);
        CREATE TABLE auth_sessions (
            session_hash TEXT PRIMARY KEY,
            user_id {Int64} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at {Int64} NOT NULL,
            expires_at {Int64} NOT NULL){NoRowId};
        CREATE INDEX auth_sessions_by_user ON auth_sessions (user_id);
        CREATE INDEX auth_sessions_by_expiry ON auth_sessions (expires_at);
        CREATE TABLE audit_log (
            id {Id},
            timestamp {Int64} NOT NULL,
            actor TEXT,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT);
        CREATE INDEX audit_log_by_action ON audit_log (action, id);
        """,
    ];

    private static readonly string[] SqliteSteps = Render(
        id: "INTEGER PRIMARY KEY AUTOINCREMENT", int64: "INTEGER", float64: "REAL", noRowId: " WITHOUT ROWID");

    private static readonly string[] PostgresSteps = Render(
        id: "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", int64: "BIGINT", float64: "DOUBLE PRECISION", noRowId: string.Empty);

    private static string[] Render(string id, string int64, string float64, string noRowId) =>
        Templates.Select(t => t
            .Replace("{Id}", id, StringComparison.Ordinal)
            .Replace("{Int64}", int64, StringComparison.Ordinal)
            .Replace("{Float64}", float64, StringComparison.Ordinal)
            .Replace("{NoRowId}", noRowId, StringComparison.Ordinal)).ToArray();
}
