using System.Buffers;
using System.Data.Common;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Rest;
using Argus.Core.Tracking.Search;
using Argus.Core.Tracking.Sql;
using Microsoft.Data.Sqlite;

namespace Argus.Bench;

/// <summary>
/// <c>profile-search</c> and <c>profile-history</c>: splits a read into (a) the main SQL query
/// alone, on an open connection, as the store builds it; (b) the whole store call in-process
/// (for a search: the query plus loading metrics, params, tags and inputs of the page); (c) the JSON
/// serialization of the reply. What the HTTP figure adds beyond (b) + (c) is Kestrel and transport.
/// </summary>
internal static class ProfileReadCommand
{
    private const string Pragmas = "PRAGMA foreign_keys = ON; PRAGMA case_sensitive_like = ON; PRAGMA synchronous = NORMAL;";

    public static async Task SearchAsync(BenchArgs args)
    {
        var uri = args.Required("store-uri");
        var experimentId = args.Required("experiment-id");
        var filter = args.Optional("filter");
        var orderBy = args.Optional("order-by");
        var maxResults = args.Int("max-results", 100);
        var warmup = args.Int("warmup", 5);
        var iterations = args.Int("iterations", 30);
        var label = args.Required("label");
        var sink = ResultSink.From(args);
        args.RejectUnknown();

        // (a) The statement SqlTrackingStore.SearchRunsAsync builds, run alone.
        var p = new SqlParameters();
        var dialect = SqlDialect.Sqlite;
        var where = RunSearchSql.Where(filter, p, dialect);
        var (joins, order) = RunSearchSql.OrderBy(orderBy is null ? [] : [orderBy], p, dialect);
        var experiments = dialect.AnyOf("r.experiment_id", p, [long.Parse(experimentId, CultureInfo.InvariantCulture)]);
        var stages = dialect.AnyOf("r.lifecycle_stage", p, LifecycleStage.For(ViewType.ActiveOnly));
        var sql = "SELECT r.run_uuid, r.experiment_id, r.name, r.user_id, r.status, r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage " +
                  $"FROM runs r {joins} WHERE {experiments} AND {stages}" + (where is null ? "" : $" AND ({where})") +
                  $" ORDER BY {order} LIMIT {p.Add((long)maxResults + 1)} OFFSET {p.Add(0L)}";
        await using var connection = await OpenAsync(uri).ConfigureAwait(false);
        foreach (var line in await PlanAsync(connection, sql, p).ConfigureAwait(false))
        {
            Console.WriteLine($"plan\t{label}\t{line}");
        }

        var rows = 0;
        var sqlMs = await Timing.MeasureAsync(async () => rows = await ReadAllAsync(connection, sql, p).ConfigureAwait(false), warmup, iterations).ConfigureAwait(false);

        // (b) The store call; (c) the reply's JSON.
        await using var store = await TrackingStores.OpenAsync(uri).ConfigureAwait(false);
        var search = new RunSearch
        {
            ExperimentIds = [experimentId],
            Filter = filter,
            OrderBy = orderBy is null ? [] : [orderBy],
            MaxResults = maxResults,
        };
        Page<Run>? page = null;
        var storeMs = await Timing.MeasureAsync(async () => page = await store.SearchRunsAsync(search, CancellationToken.None).ConfigureAwait(false), warmup, iterations).ConfigureAwait(false);
        var response = new SearchRunsResponse(page!.Items, page.NextPageToken);
        var bytes = 0;
        var jsonMs = Timing.Measure(() => bytes = TrackingJson.SerializeToUtf8Bytes(response).Length, warmup, iterations);

        var detail = string.Create(CultureInfo.InvariantCulture, $"filter={filter};order_by={orderBy};max_results={maxResults};rows={rows};reply_bytes={bytes};n={sqlMs.Count};in_process=true");
        if (filter == "metrics.rmse < 1" && orderBy == "metrics.rmse ASC")
        {
            // Not Argus code: the statement a translator could emit when the filter and the order are on
            // the same metric (an inner join that walks latest_metrics_by_key_value in order and stops at the limit).
            var q = new SqlParameters();
            var rewrite = "SELECT r.run_uuid, r.experiment_id, r.name, r.user_id, r.status, r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage " +
                          $"FROM latest_metrics om0 JOIN runs r ON r.run_uuid = om0.run_uuid WHERE om0.key = {q.Add("rmse")} AND om0.is_nan = 0 AND om0.value < {q.Add(1.0)}" +
                          $" AND {dialect.AnyOf("r.experiment_id", q, [long.Parse(experimentId, CultureInfo.InvariantCulture)])} AND {dialect.AnyOf("r.lifecycle_stage", q, LifecycleStage.For(ViewType.ActiveOnly))}" +
                          $" ORDER BY om0.value ASC, r.start_time DESC, r.run_uuid ASC LIMIT {q.Add((long)maxResults + 1)} OFFSET {q.Add(0L)}";
            foreach (var line in await PlanAsync(connection, rewrite, q).ConfigureAwait(false))
            {
                Console.WriteLine($"plan\t{label}.rewrite\t{line}");
            }

            var same = (await RunIdsAsync(connection, rewrite, q).ConfigureAwait(false)).SequenceEqual(await RunIdsAsync(connection, sql, p).ConfigureAwait(false));
            var rewriteMs = await Timing.MeasureAsync(() => ReadAllAsync(connection, rewrite, q), warmup, iterations).ConfigureAwait(false);
            sink.Add($"profile.search.{label}.sql_rewrite_ms", rewriteMs.P50, "ms", detail + $";same_runs_in_same_order={same};what=hypothetical inner-join statement (not Argus code)");
        }

        sink.Add($"profile.search.{label}.sql_ms", sqlMs.P50, "ms", detail + ";what=main query only, open connection");
        sink.Add($"profile.search.{label}.store_ms", storeMs.P50, "ms", detail + ";what=SearchRunsAsync (query + load page's metrics/params/tags/inputs)");
        sink.Add($"profile.search.{label}.json_ms", jsonMs.P50, "ms", detail + ";what=serialize SearchRunsResponse");
    }

    public static async Task HistoryAsync(BenchArgs args)
    {
        var uri = args.Required("store-uri");
        var runId = args.Required("run-id");
        var key = args.Text("key", "loss");
        var warmup = args.Int("warmup", 3);
        var iterations = args.Int("iterations", 20);
        var label = args.Required("label");
        var sink = ResultSink.From(args);
        args.RejectUnknown();

        var p = new SqlParameters();
        var sql = $"SELECT step, timestamp, value, is_nan FROM metrics WHERE run_uuid = {p.Add(runId)} AND key = {p.Add(key)} ORDER BY step, timestamp, is_nan, value";
        await using var connection = await OpenAsync(uri).ConfigureAwait(false);
        foreach (var line in await PlanAsync(connection, sql, p).ConfigureAwait(false))
        {
            Console.WriteLine($"plan\thistory.{label}\t{line}");
        }

        var rows = 0;
        var sqlMs = await Timing.MeasureAsync(async () => rows = await ReadAllAsync(connection, sql, p).ConfigureAwait(false), warmup, iterations).ConfigureAwait(false);

        // Not Argus code: the same rows in the primary key's column order, so SQLite needs no sort.
        var pkOrder = sql.Replace("ORDER BY step, timestamp, is_nan, value", "ORDER BY step, timestamp, value, is_nan", StringComparison.Ordinal);
        var pkMs = await Timing.MeasureAsync(() => ReadAllAsync(connection, pkOrder, p), warmup, iterations).ConfigureAwait(false);

        await using var store = await TrackingStores.OpenAsync(uri).ConfigureAwait(false);
        Page<Metric>? page = null;
        var storeMs = await Timing.MeasureAsync(async () => page = await store.GetMetricHistoryAsync(runId, key, null, null, CancellationToken.None).ConfigureAwait(false), warmup, iterations).ConfigureAwait(false);
        var response = new MetricHistoryResponse(page!.Items, page.NextPageToken);
        var bytes = 0;
        var jsonMs = Timing.Measure(() => bytes = TrackingJson.SerializeToUtf8Bytes(response).Length, warmup, iterations);

        var handBytes = Array.Empty<byte>();
        var handMs = Timing.Measure(() => handBytes = WriteHistory(page.Items), warmup, iterations);
        var sameBytes = handBytes.AsSpan().SequenceEqual(TrackingJson.SerializeToUtf8Bytes(response));

        var detail = string.Create(CultureInfo.InvariantCulture, $"points={rows};reply_bytes={bytes};n={sqlMs.Count};in_process=true");
        sink.Add($"profile.history.{label}.sql_pk_order_ms", pkMs.P50, "ms", detail + ";what=ORDER BY step, timestamp, value, is_nan (the primary key's order; not Argus code)");
        sink.Add($"profile.history.{label}.json_handwritten_ms", handMs.P50, "ms", detail + $";same_bytes={sameBytes};what=the same reply written by a Utf8JsonWriter loop (not Argus code)");
        sink.Add($"profile.history.{label}.sql_ms", sqlMs.P50, "ms", detail + ";what=history query only, open connection");
        sink.Add($"profile.history.{label}.store_ms", storeMs.P50, "ms", detail + ";what=GetMetricHistoryAsync");
        sink.Add($"profile.history.{label}.json_ms", jsonMs.P50, "ms", detail + ";what=serialize MetricHistoryResponse");
    }

    private static readonly JsonEncodedText MetricsName = JsonEncodedText.Encode("metrics");
    private static readonly JsonEncodedText KeyName = JsonEncodedText.Encode("key");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText StepName = JsonEncodedText.Encode("step");

    private static byte[] WriteHistory(IReadOnlyList<Metric> points)
    {
        var buffer = new ArrayBufferWriter<byte>(points.Count * 80 + 64);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray(MetricsName);
            foreach (var m in points)
            {
                writer.WriteStartObject();
                writer.WriteString(KeyName, m.Key);
                if (double.IsFinite(m.Value))
                {
                    writer.WriteNumber(ValueName, m.Value);
                }
                else
                {
                    writer.WriteString(ValueName, double.IsNaN(m.Value) ? "NaN" : m.Value > 0 ? "Infinity" : "-Infinity");
                }

                writer.WriteNumber(TimestampName, m.Timestamp);
                writer.WriteNumber(StepName, m.Step);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static async Task<List<string>> RunIdsAsync(SqliteConnection connection, string sql, SqlParameters p)
    {
        await using var cmd = Command(connection, sql, p);
        await using var reader = await cmd.ExecuteReaderAsync().ConfigureAwait(false);
        var ids = new List<string>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static async Task<SqliteConnection> OpenAsync(string uri)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = TrackingStores.SqlitePathOf(uri), Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync().ConfigureAwait(false);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragmas;
        await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
        return connection;
    }

    private static async Task<int> ReadAllAsync(SqliteConnection connection, string sql, SqlParameters p)
    {
        await using var cmd = Command(connection, sql, p);
        await using var reader = await cmd.ExecuteReaderAsync().ConfigureAwait(false);
        var rows = 0;
        long sink = 0;
        Type[]? types = null;
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            // Typed reads, as the store does (no boxing), so this is a floor for the store's own loop.
            types ??= Enumerable.Range(0, reader.FieldCount).Select(reader.GetFieldType).ToArray();
            for (var i = 0; i < types.Length; i++)
            {
                var type = types[i];
                sink += type == typeof(long) ? reader.GetInt64(i)
                    : type == typeof(double) ? (long)reader.GetDouble(i)
                    : type == typeof(string) ? reader.GetString(i).Length
                    : 0;
            }

            rows++;
        }

        GC.KeepAlive(sink);
        return rows;
    }

    private static async Task<List<string>> PlanAsync(SqliteConnection connection, string sql, SqlParameters p)
    {
        await using var cmd = Command(connection, "EXPLAIN QUERY PLAN " + sql, p);
        await using var reader = await cmd.ExecuteReaderAsync().ConfigureAwait(false);
        var lines = new List<string>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            lines.Add(reader.GetString(3));
        }

        return lines;
    }

    private static DbCommand Command(SqliteConnection connection, string sql, SqlParameters p)
    {
        var cmd = connection.CreateCommand();
#pragma warning disable CA2100 // Built by Argus's own search translator; values are parameters.
        cmd.CommandText = sql;
#pragma warning restore CA2100
        p.BindTo(cmd);
        return cmd;
    }
}
