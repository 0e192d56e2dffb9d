using System.Diagnostics;
using System.Globalization;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Sql;
using Microsoft.Data.Sqlite;

namespace Argus.Bench;

/// <summary>
/// <c>ceiling-sqlite</c>: the same-run peer. Inserts the very rows <c>logbatch</c> sends into the
/// same <c>metrics</c> table (Argus's schema), with one prepared INSERT, 1000 rows per
/// transaction, WAL and synchronous=NORMAL, in one thread and one connection: no HTTP, no JSON,
/// no store. Variant <c>store-sql</c> issues the metrics insert as the store does
/// (foreign keys on, ON CONFLICT DO NOTHING, async calls) to show what the statement shape costs.
/// </summary>
internal static class CeilingCommand
{
    public static async Task RunAsync(BenchArgs args)
    {
        var path = Path.GetFullPath(args.Required("db"));
        var runs = args.Int("runs", 4);
        var batches = args.Int("batches", 250);
        var batchSize = args.Int("batch-size", 1000);
        var keys = args.Int("keys", 10);
        var variant = args.Text("variant", "plain");
        var seed = args.Int("seed", 1);
        var quietWait = args.Double("quiet-wait", 10);
        var sink = ResultSink.From(args);
        args.RejectUnknown();
        if (variant is not ("plain" or "store-sql"))
        {
            throw new ArgumentException("--variant is plain or store-sql.");
        }

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }

        var runIds = Enumerable.Range(0, runs).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        var data = new Metric[runs][][];
        for (var c = 0; c < runs; c++)
        {
            var random = new Random(seed * 1000 + c);
            data[c] = Enumerable.Range(0, batches).Select(b => MetricWorkload.Batch(b, batchSize, keys, random)).ToArray();
        }

        var storeSql = variant == "store-sql";
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Exec(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;" + (storeSql ? " PRAGMA foreign_keys = ON;" : ""));
        foreach (var ddl in SchemaMigrations.Steps(SqlDialect.Sqlite))
        {
            Exec(connection, ddl);
        }

        Exec(connection, "INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (0, 'Default', 'x', 'active', 0, 0)");
        foreach (var id in runIds)
        {
            Exec(connection, "INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, artifact_uri, lifecycle_stage) " +
                $"VALUES ('{id}', 0, 'r', 'bench', 'RUNNING', 0, 'x', 'active')");
        }

        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "INSERT INTO metrics (run_uuid, key, step, timestamp, value, is_nan) VALUES ($r, $k, $s, $t, $v, $n)"
            + (storeSql ? " ON CONFLICT DO NOTHING" : "");
        var run = cmd.Parameters.Add("$r", SqliteType.Text);
        var key = cmd.Parameters.Add("$k", SqliteType.Text);
        var step = cmd.Parameters.Add("$s", SqliteType.Integer);
        var timestamp = cmd.Parameters.Add("$t", SqliteType.Integer);
        var value = cmd.Parameters.Add("$v", SqliteType.Real);
        var isNan = cmd.Parameters.Add("$n", SqliteType.Integer);
        run.Value = runIds[0];
        cmd.Prepare();

        var quiet = await CpuSampler.WaitForQuietAsync([], 10, TimeSpan.FromSeconds(quietWait)).ConfigureAwait(false);
        var sampler = CpuSampler.Start([]);
        var start = Stopwatch.GetTimestamp();
        long rows = 0;
        for (var b = 0; b < batches; b++)
        {
            for (var c = 0; c < runs; c++)
            {
                using var transaction = connection.BeginTransaction();
                cmd.Transaction = transaction;
                run.Value = runIds[c];
                foreach (var m in data[c][b])
                {
                    var nan = double.IsNaN(m.Value);
                    key.Value = m.Key;
                    step.Value = m.Step;
                    timestamp.Value = m.Timestamp;
                    value.Value = nan ? 0.0 : m.Value;
                    isNan.Value = nan ? 1L : 0L;
                    if (storeSql)
                    {
                        await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
                    }
                    else
                    {
                        cmd.ExecuteNonQuery();
                    }
                }

                transaction.Commit();
                rows += data[c][b].Length;
            }
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var usage = sampler.Stop();
        var bytes = new FileInfo(path).Length + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);
        sink.Add($"ceiling.sqlite.{variant}.rows_per_s", rows / seconds, "rows/s", string.Create(CultureInfo.InvariantCulture,
            $"rows={rows};rows_per_txn={batchSize};seconds={seconds:F2};db_bytes={bytes};sqlite={connection.ServerVersion};quiet_bg_pct={quiet.BackgroundPct:F1};{usage.Describe()}"));
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
#pragma warning disable CA2100 // Fixed DDL and generated GUIDs only.
        cmd.CommandText = sql;
#pragma warning restore CA2100
        cmd.ExecuteNonQuery();
    }
}
