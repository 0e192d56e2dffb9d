using System.Diagnostics;
using System.Globalization;
using Argus.Core.Tracking;
using Microsoft.Data.Sqlite;

namespace Argus.Bench;

/// <summary>
/// <c>populate</c>: builds the search data set in a SQLite store. Each run has metrics rmse and
/// mae, params max_depth and eta, tags team and mlflow.runName. The first <c>--api-runs</c> runs of
/// each experiment go through the store (CreateRunAsync + LogBatchAsync, timed); the rest are bulk
/// inserted in one transaction as the same rows the store writes, which is what makes 100,000
/// runs take seconds instead of minutes.
/// </summary>
internal static class PopulateCommand
{
    private static readonly string[] Teams = ["vision", "nlp", "tabular", "speech"];
    private static readonly string[] Etas = ["0.01", "0.05", "0.1", "0.3"];

    public static async Task RunAsync(BenchArgs args)
    {
        var uri = args.Required("store-uri");
        var datasets = args.Text("experiments", "search-100k:100000,search-5k:5000").Split(',')
            .Select(s => s.Split(':')).Select(p => (Name: p[0], Runs: int.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
        var apiRuns = args.Int("api-runs", 500);
        var seed = args.Int("seed", 7);
        var sink = ResultSink.From(args);
        args.RejectUnknown();

        var path = Path.GetFullPath(TrackingStores.SqlitePathOf(uri));
        var ct = CancellationToken.None;
        foreach (var (name, runs) in datasets)
        {
            var random = new Random(seed + runs);
            string experimentId;
            string location;
            var start = Stopwatch.GetTimestamp();
            await using (var store = await TrackingStores.OpenAsync(uri, cancellationToken: ct).ConfigureAwait(false))
            {
                experimentId = await store.CreateExperimentAsync(name, null, [], ct).ConfigureAwait(false);
                location = (await store.GetExperimentAsync(experimentId, ct).ConfigureAwait(false)).ArtifactLocation;
                for (var i = 0; i < Math.Min(apiRuns, runs); i++)
                {
                    var v = RunValues.Next(i, random);
                    var run = await store.CreateRunAsync(new RunCreation
                    {
                        ExperimentId = experimentId,
                        RunName = v.Name,
                        UserId = "bench",
                        StartTime = v.StartTime,
                        Tags = [new Tag("team", v.Team)],
                    }, ct).ConfigureAwait(false);
                    await store.LogBatchAsync(
                        run.Info.RunId,
                        [new Metric("rmse", v.Rmse, v.StartTime, 0), new Metric("mae", v.Mae, v.StartTime, 0)],
                        [new Param("max_depth", v.MaxDepth), new Param("eta", v.Eta)],
                        [],
                        ct).ConfigureAwait(false);
                }
            }

            var apiSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var apiCount = Math.Min(apiRuns, runs);
            sink.Add($"populate.{name}.store_api_runs_per_s", apiCount / apiSeconds, "runs/s",
                string.Create(CultureInfo.InvariantCulture, $"runs={apiCount};calls=CreateRunAsync+LogBatchAsync(2 metrics,2 params);in_process=true"));

            start = Stopwatch.GetTimestamp();
            BulkInsert(path, experimentId, location, apiCount, runs, random);
            SqliteConnection.ClearAllPools();
            var bulkSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var (total, matching) = Count(path, experimentId);
            if (total != runs)
            {
                throw new InvalidOperationException($"Experiment {name} has {total} runs, expected {runs}.");
            }

            Console.WriteLine($"experiment\t{name}\t{experimentId}\t{matching}");
            sink.Add($"populate.{name}.runs", total, "runs", string.Create(CultureInfo.InvariantCulture,
                $"experiment_id={experimentId};rmse_lt_1={matching};bulk_seconds={bulkSeconds:F1}"));
        }
    }

    private static void BulkInsert(string path, string experimentId, string location, int from, int to, Random random)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var run = Prepare(connection, transaction,
            "INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage) VALUES ($1, $2, $3, 'bench', 'RUNNING', $4, NULL, $5, 'active')", 5);
        using var tag = Prepare(connection, transaction, "INSERT INTO tags (run_uuid, key, value) VALUES ($1, $2, $3)", 3);
        using var param = Prepare(connection, transaction, "INSERT INTO params (run_uuid, key, value) VALUES ($1, $2, $3)", 3);
        using var metric = Prepare(connection, transaction, "INSERT INTO metrics (run_uuid, key, step, timestamp, value, is_nan) VALUES ($1, $2, 0, $3, $4, 0)", 4);
        // Newer schemas keep the run's experiment in latest_metrics too; write it when the column exists.
        var scoped = HasColumn(connection, "latest_metrics", "experiment_id");
        using var latest = Prepare(connection, transaction, scoped
            ? "INSERT INTO latest_metrics (run_uuid, key, value, timestamp, step, is_nan, experiment_id) VALUES ($1, $2, $4, $3, 0, 0, $5)"
            : "INSERT INTO latest_metrics (run_uuid, key, value, timestamp, step, is_nan) VALUES ($1, $2, $4, $3, 0, 0)", scoped ? 5 : 4);
        var experiment = long.Parse(experimentId, CultureInfo.InvariantCulture);
        for (var i = from; i < to; i++)
        {
            var v = RunValues.Next(i, random);
            var id = Guid.NewGuid().ToString("N");
            Run(run, id, experiment, v.Name, v.StartTime, $"{location.TrimEnd('/')}/{id}/artifacts");
            Run(tag, id, "mlflow.runName", v.Name);
            Run(tag, id, "team", v.Team);
            Run(param, id, "max_depth", v.MaxDepth);
            Run(param, id, "eta", v.Eta);
            Run(metric, id, "rmse", v.StartTime, v.Rmse);
            Run(metric, id, "mae", v.StartTime, v.Mae);
            if (scoped)
            {
                Run(latest, id, "rmse", v.StartTime, v.Rmse, experiment);
                Run(latest, id, "mae", v.StartTime, v.Mae, experiment);
            }
            else
            {
                Run(latest, id, "rmse", v.StartTime, v.Rmse);
                Run(latest, id, "mae", v.StartTime, v.Mae);
            }
        }

        transaction.Commit();
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        checkpoint.ExecuteNonQuery();
    }

    internal static bool HasColumn(SqliteConnection connection, string table, string column)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM pragma_table_info($t) WHERE name = $c";
        cmd.Parameters.AddWithValue("$t", table);
        cmd.Parameters.AddWithValue("$c", column);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static (long Total, long Matching) Count(string path, string experimentId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT (SELECT COUNT(*) FROM runs WHERE experiment_id = $e), " +
                          "(SELECT COUNT(*) FROM runs r JOIN latest_metrics m ON m.run_uuid = r.run_uuid WHERE r.experiment_id = $e AND m.key = 'rmse' AND m.value < 1)";
        cmd.Parameters.AddWithValue("$e", long.Parse(experimentId, CultureInfo.InvariantCulture));
        using var reader = cmd.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, int parameters)
    {
        var cmd = connection.CreateCommand();
#pragma warning disable CA2100 // Fixed SQL; values are parameters.
        cmd.CommandText = sql;
#pragma warning restore CA2100
        cmd.Transaction = transaction;
        for (var i = 1; i <= parameters; i++)
        {
            cmd.Parameters.Add(new SqliteParameter("$" + i.ToString(CultureInfo.InvariantCulture), null));
        }

        cmd.Prepare();
        return cmd;
    }

    private static void Run(SqliteCommand cmd, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            cmd.Parameters[i].Value = values[i];
        }

        cmd.ExecuteNonQuery();
    }

    /// <summary>The values of run <c>i</c>; rmse is uniform in [0, 2), so <c>metrics.rmse &lt; 1</c> matches about half the runs.</summary>
    private readonly record struct RunValues(string Name, long StartTime, string Team, string MaxDepth, string Eta, double Rmse, double Mae)
    {
        public static RunValues Next(int i, Random random) => new(
            "run-" + i.ToString(CultureInfo.InvariantCulture),
            MetricWorkload.BaseTimestamp + i * 1000L,
            Teams[i % Teams.Length],
            (3 + (i % 8)).ToString(CultureInfo.InvariantCulture),
            Etas[(i / 8) % Etas.Length],
            random.NextDouble() * 2,
            random.NextDouble());
    }
}
