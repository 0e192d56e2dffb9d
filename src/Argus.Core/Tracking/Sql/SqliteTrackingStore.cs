using System.Collections.Concurrent;
using System.Data.Common;
using Argus.Core.Tracking.Downsampling;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Argus.Core.Tracking.Sql;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. SQLite has one writer at a time, so writers in
/// this process queue on a lock per file (no SQLITE_BUSY ever reaches a caller); writers in other
/// processes are absorbed by a 30 s busy timeout. Readers never wait for writers.
/// </summary>
internal sealed class SqliteTrackingStore : SqlTrackingStore
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteLocks = new(StringComparer.Ordinal);

    private const string ConnectionPragmas =
        "PRAGMA foreign_keys = ON; PRAGMA case_sensitive_like = ON; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;";

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock;

    private SqliteTrackingStore(string path, string displayUri, TrackingStoreOptions options, string artifactRoot)
        : base(SqlDialect.Sqlite, options, displayUri, artifactRoot)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _writeLock = WriteLocks.GetOrAdd(System.IO.Path.GetFullPath(path), static _ => new SemaphoreSlim(1, 1));
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    public static async Task<SqliteTrackingStore> OpenAsync(string path, string displayUri, TrackingStoreOptions options, CancellationToken cancellationToken, bool initialize = true)
    {
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var root = options.DefaultArtifactRoot ?? new Uri(System.IO.Path.Combine(directory ?? ".", "artifacts")).AbsoluteUri;
        var store = new SqliteTrackingStore(full, displayUri, options, root);
        await store.SetJournalModeAsync(cancellationToken).ConfigureAwait(false);
        if (initialize)
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        return store;
    }

    private async Task SetJournalModeAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL;";
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = ConnectionPragmas;
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override async ValueTask<WriteScope> BeginWriteTransactionAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        var lease = new Lease(_writeLock);
        try
        {
            var connection = (SqliteConnection)await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // BEGIN IMMEDIATE: take the write lock now, so a read-then-write never fails to upgrade.
                var transaction = connection.BeginTransaction(deferred: false);
                return new WriteScope(connection, transaction, lease);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    protected override async Task InsertMetricsAsync(WriteScope scope, string runId, IReadOnlyList<Metric> metrics, CancellationToken cancellationToken)
    {
        await using var cmd = (SqliteCommand)scope.Connection.CreateCommand();
        cmd.Transaction = (SqliteTransaction)scope.Transaction;
        cmd.CommandText = "INSERT INTO metrics (run_uuid, key, step, timestamp, value, is_nan) VALUES ($r, $k, $s, $t, $v, $n) ON CONFLICT DO NOTHING";
        cmd.Parameters.AddWithValue("$r", runId);
        var key = cmd.Parameters.Add("$k", SqliteType.Text);
        var step = cmd.Parameters.Add("$s", SqliteType.Integer);
        var timestamp = cmd.Parameters.Add("$t", SqliteType.Integer);
        var value = cmd.Parameters.Add("$v", SqliteType.Real);
        var isNan = cmd.Parameters.Add("$n", SqliteType.Integer);
        cmd.Prepare();
        for (var i = 0; i < metrics.Count; i++)
        {
            var m = metrics[i];
            var nan = double.IsNaN(m.Value);
            key.Value = m.Key;
            step.Value = m.Step;
            timestamp.Value = m.Timestamp;
            value.Value = nan ? 0.0 : m.Value;
            isNan.Value = nan ? 1L : 0L;
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Long histories (100,000 points and more) are read through SQLite's statement API directly:
    /// ADO.NET's per-row reader costs about as much again as SQLite itself for four numeric columns.
    /// </summary>
    protected override Task<List<Metric>> ReadHistoryAsync(DbConnection connection, string sql, SqlParameters parameters, string metricKey, CancellationToken cancellationToken)
    {
        var points = new List<Metric>();
        ReadHistory(connection, sql, parameters, cancellationToken, (step, timestamp, value) => points.Add(new Metric(metricKey, value, timestamp, step)));
        return Task.FromResult(points);
    }

    /// <summary>As <see cref="ReadHistoryAsync"/>, into columns.</summary>
    protected override Task<MetricSeries> ReadSeriesAsync(DbConnection connection, string sql, SqlParameters parameters, string metricKey, CancellationToken cancellationToken)
    {
        var series = new MetricSeries(metricKey, 16_384);
        try
        {
            ReadHistory(connection, sql, parameters, cancellationToken, series.Add);
            return Task.FromResult(series);
        }
        catch
        {
            series.Dispose();
            throw;
        }
    }

    // Steps a history statement (step, timestamp, value, is_nan) and hands each point to `add`.
    private static void ReadHistory(DbConnection connection, string sql, SqlParameters parameters, CancellationToken cancellationToken, Action<long, long, double> add)
    {
        var db = ((SqliteConnection)connection).Handle!;
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, db);
        using (statement)
        {
            foreach (var (name, value) in parameters.Values)
            {
                var index = raw.sqlite3_bind_parameter_index(statement, name);
                rc = value switch
                {
                    string text => raw.sqlite3_bind_text(statement, index, text),
                    long number => raw.sqlite3_bind_int64(statement, index, number),
                    _ => throw new InvalidOperationException($"Unexpected history parameter type {value?.GetType().Name}"),
                };
                SqliteException.ThrowExceptionForRC(rc, db);
            }

            var rows = 0;
            var direct = SqliteColumns.Usable;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                if ((rows++ & 0x3FFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                // The store writes a NaN as 0 with is_nan set, so is_nan needs reading only when the value is 0.
                var value = direct ? SqliteColumns.Double(statement, 2) : raw.sqlite3_column_double(statement, 2);
                if (value == 0 && (direct ? SqliteColumns.Int64(statement, 3) : raw.sqlite3_column_int64(statement, 3)) != 0)
                {
                    value = double.NaN;
                }

                add(
                    direct ? SqliteColumns.Int64(statement, 0) : raw.sqlite3_column_int64(statement, 0),
                    direct ? SqliteColumns.Int64(statement, 1) : raw.sqlite3_column_int64(statement, 1),
                    value);
            }

            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }
        }
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Lease(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
