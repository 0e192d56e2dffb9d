using System.Diagnostics.CodeAnalysis;
using Argus.Core.Tracking.Sql;
using Microsoft.Data.Sqlite;

namespace Argus.Tests.Core.Tracking.Search;

/// <summary>
/// An in-memory SQLite database with the tracking schema the search SQL runs against, seeded with
/// runs and experiments whose expected search results the tests spell out.
/// </summary>
internal sealed class SearchTestDatabase : IDisposable
{
    private const string Schema = """
        CREATE TABLE experiments (experiment_id BIGINT PRIMARY KEY, name TEXT, artifact_location TEXT,
            lifecycle_stage TEXT, creation_time BIGINT, last_update_time BIGINT);
        CREATE TABLE experiment_tags (experiment_id BIGINT, key TEXT, value TEXT, PRIMARY KEY (experiment_id, key));
        CREATE TABLE runs (run_uuid TEXT PRIMARY KEY, experiment_id BIGINT, name TEXT, user_id TEXT, status TEXT,
            start_time BIGINT, end_time BIGINT NULL, artifact_uri TEXT, lifecycle_stage TEXT, deleted_time BIGINT NULL);
        CREATE TABLE latest_metrics (run_uuid TEXT, key TEXT, value REAL, timestamp BIGINT, step BIGINT, is_nan INTEGER,
            PRIMARY KEY (run_uuid, key));
        CREATE INDEX latest_metrics_key_value ON latest_metrics (key, value);
        CREATE TABLE params (run_uuid TEXT, key TEXT, value TEXT, PRIMARY KEY (run_uuid, key));
        CREATE TABLE tags (run_uuid TEXT, key TEXT, value TEXT, PRIMARY KEY (run_uuid, key));
        CREATE TABLE datasets (dataset_uuid TEXT PRIMARY KEY, experiment_id BIGINT, name TEXT, digest TEXT,
            source_type TEXT, source TEXT, schema TEXT, profile TEXT);
        CREATE TABLE run_inputs (run_uuid TEXT, dataset_uuid TEXT, PRIMARY KEY (run_uuid, dataset_uuid));
        CREATE TABLE run_input_tags (run_uuid TEXT, dataset_uuid TEXT, key TEXT, value TEXT,
            PRIMARY KEY (run_uuid, dataset_uuid, key));
        """;

    // Five runs. start_time: r1 1000, r3 2000, r5 2000, r2 3000, r4 4000, so the default order
    // (start_time DESC, run_uuid ASC) is r4, r2, r3, r5, r1.
    private const string Seed = """
        INSERT INTO experiments VALUES
            (1, 'Default', 'file:///a/1', 'active', 100, 1000),
            (2, 'fraud-detection', 'file:///a/2', 'active', 300, 3000),
            (3, 'Fraud-Audit', 'file:///a/3', 'active', 200, 2000),
            (4, 'churn', 'file:///a/4', 'active', NULL, 4000);
        INSERT INTO experiment_tags VALUES
            (2, 'team', 'risk'), (3, 'team', 'Risk'), (4, 'owner', 'carol'), (3, 'note', 'x''y');
        INSERT INTO runs VALUES
            ('r1', 1, 'alpha', 'alice', 'FINISHED', 1000, 2000, 'file:///r1', 'active', NULL),
            ('r2', 1, 'beta', 'bob', 'RUNNING', 3000, NULL, 'file:///r2', 'active', NULL),
            ('r3', 1, 'Gamma', 'alice', 'FAILED', 2000, 2500, 'file:///r3', 'active', NULL),
            ('r4', 1, 'delta', 'carol', 'FINISHED', 4000, 5000, 's3://bucket/r4', 'active', NULL),
            ('r5', 2, 'epsilon', 'bob', 'KILLED', 2000, NULL, 's3://bucket/r5', 'deleted', 9000);
        INSERT INTO latest_metrics VALUES
            ('r1', 'rmse', 0.5, 1, 0, 0), ('r1', 'acc', 0.9, 1, 0, 0), ('r1', 'f1 score', 0.7, 1, 0, 0),
            ('r2', 'rmse', 0.8, 1, 0, 0), ('r2', 'acc', 0, 1, 0, 1),
            ('r3', 'rmse', 0.2, 1, 0, 0), ('r3', 'loss', -1.5, 1, 0, 0),
            ('r4', 'acc', 0.95, 1, 0, 0),
            ('r5', 'rmse', 0, 1, 0, 1), ('r5', 'loss', -0.5, 1, 0, 0);
        INSERT INTO params VALUES
            ('r1', 'lr', '0.01'), ('r1', 'model', 'xgb'),
            ('r2', 'lr', '0.1'), ('r2', 'model', 'lgbm'),
            ('r3', 'lr', '0.01'),
            ('r4', 'model', 'xgb');
        INSERT INTO tags VALUES
            ('r1', 'team', 'Vision'), ('r1', 'user-name', 'bob'),
            ('r2', 'team', 'vision'),
            ('r4', 'team', 'nlp'), ('r4', 'note', '50%_done'),
            ('r5', 'note', '50 percent done');
        INSERT INTO datasets VALUES
            ('d1', 1, 'train-set', 'abc', 'local', 'file:///d1', '', ''),
            ('d2', 1, 'eval-set', 'def', 'local', 'file:///d2', '', '');
        INSERT INTO run_inputs VALUES ('r1', 'd1'), ('r2', 'd2'), ('r4', 'd1');
        INSERT INTO run_input_tags VALUES
            ('r1', 'd1', 'mlflow.data.context', 'training'),
            ('r2', 'd2', 'mlflow.data.context', 'eval'),
            ('r4', 'd1', 'mlflow.data.context', 'training');
        """;

    private readonly SqliteConnection _connection;

    public SearchTestDatabase()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        Execute("PRAGMA case_sensitive_like = ON;");
        Execute(Schema);
        Execute(Seed);
    }

    /// <summary>Run ids matching a filter, in the order the order_by clauses give.</summary>
    public IReadOnlyList<string> SearchRuns(string? filter, params string[] orderBy)
    {
        var parameters = new SqlParameters();
        var where = Argus.Core.Tracking.Search.RunSearchSql.Where(filter, parameters, SqlDialect.Sqlite) ?? "1 = 1";
        var (joins, order) = Argus.Core.Tracking.Search.RunSearchSql.OrderBy(orderBy, parameters, SqlDialect.Sqlite);
        return Query($"SELECT r.run_uuid FROM runs r {joins} WHERE {where} ORDER BY {order}", parameters);
    }

    /// <summary>Experiment ids matching a filter, in the order the order_by clauses give.</summary>
    public IReadOnlyList<string> SearchExperiments(string? filter, params string[] orderBy)
    {
        var parameters = new SqlParameters();
        var where = Argus.Core.Tracking.Search.ExperimentSearchSql.Where(filter, parameters, SqlDialect.Sqlite) ?? "1 = 1";
        var (joins, order) = Argus.Core.Tracking.Search.ExperimentSearchSql.OrderBy(orderBy, parameters, SqlDialect.Sqlite);
        return Query($"SELECT e.experiment_id FROM experiments e {joins} WHERE {where} ORDER BY {order}", parameters);
    }

    public long Count(string table) => Convert.ToInt64(Scalar($"SELECT count(*) FROM {table}"), System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _connection.Dispose();

    [SuppressMessage("Security", "CA2100", Justification = "Test helper: the SQL under test is built from fixed fragments and parameters.")]
    private List<string> Query(string sql, SqlParameters parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        parameters.BindTo(command);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return ids;
    }

    [SuppressMessage("Security", "CA2100", Justification = "Test helper: fixed schema and seed statements.")]
    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [SuppressMessage("Security", "CA2100", Justification = "Test helper: fixed table names from the tests.")]
    private object? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
