using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Argus.Core.Tracking.Sql;

/// <summary>
/// The team store on PostgreSQL through Npgsql's pooled data source. Concurrent writers run in
/// parallel (row locks); metric points go in with one <c>unnest</c> insert per batch; schema
/// migrations take an advisory lock so replicas starting together migrate once.
/// </summary>
internal sealed class PostgresTrackingStore : SqlTrackingStore
{
    private const long MigrationLockKey = 0x41726775_73_01; // "Argus" + schema

    private readonly NpgsqlDataSource _dataSource;

    private PostgresTrackingStore(NpgsqlDataSource dataSource, string displayUri, TrackingStoreOptions options, string artifactRoot)
        : base(SqlDialect.Postgres, options, displayUri, artifactRoot) => _dataSource = dataSource;

    public static async Task<PostgresTrackingStore> OpenAsync(string connectionString, string displayUri, TrackingStoreOptions options, CancellationToken cancellationToken, bool initialize = true)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = new PostgresTrackingStore(dataSource, displayUri, options, options.DefaultArtifactRoot ?? new Uri(Path.GetFullPath("artifacts")).AbsoluteUri);
        try
        {
            if (initialize)
            {
                await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            }

            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Registry writes lock the registered model's row: READ COMMITTED alone would let two
    // concurrent alias moves both read the old state and both win.
    protected override string RowLock => " FOR UPDATE";

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async ValueTask<WriteScope> BeginWriteTransactionAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            return new WriteScope(connection, transaction, null);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override async Task LockSchemaAsync(WriteScope scope, CancellationToken cancellationToken)
    {
        await using var cmd = Command(scope.Connection, scope.Transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", null);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task InsertMetricsAsync(WriteScope scope, string runId, IReadOnlyList<Metric> metrics, CancellationToken cancellationToken)
    {
        var keys = new string[metrics.Count];
        var steps = new long[metrics.Count];
        var timestamps = new long[metrics.Count];
        var values = new double[metrics.Count];
        var nans = new int[metrics.Count];
        for (var i = 0; i < metrics.Count; i++)
        {
            var m = metrics[i];
            var nan = double.IsNaN(m.Value);
            keys[i] = m.Key;
            steps[i] = m.Step;
            timestamps[i] = m.Timestamp;
            values[i] = nan ? 0.0 : m.Value;
            nans[i] = nan ? 1 : 0;
        }

        await using var cmd = new NpgsqlCommand(
            "INSERT INTO metrics (run_uuid, key, step, timestamp, value, is_nan) " +
            "SELECT $1, k, s, t, v, n FROM unnest($2, $3, $4, $5, $6) AS x(k, s, t, v, n) ON CONFLICT DO NOTHING",
            (NpgsqlConnection)scope.Connection,
            (NpgsqlTransaction)scope.Transaction);
        cmd.Parameters.Add(new NpgsqlParameter { Value = runId, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = steps, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new NpgsqlParameter { Value = timestamps, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
        cmd.Parameters.Add(new NpgsqlParameter { Value = nans, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
