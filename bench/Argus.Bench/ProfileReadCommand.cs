using System.Buffers;
using System.Data.Common;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Rest;
using Argus.Core.Tracking.Sql;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Argus.Bench;

/// <summary>
/// <c>profile-search</c> and <c>profile-history</c>: splits a read, in-process, into the store call
/// (for a search: finding the page and loading its runs' metrics, params, tags and inputs) and the
/// JSON serialization of the reply; what the HTTP figure adds beyond the two is Kestrel and transport.
/// For history it also times the SQL statement alone and two alternatives the bench writes itself
/// (marked "not Argus code"): a hand-written JSON writer, and reading rows straight into it.
/// </summary>
internal static class ProfileReadCommand
{
    private const string Pragmas = "PRAGMA foreign_keys = ON; PRAGMA case_sensitive_like = ON; PRAGMA synchronous = NORMAL;";

    private static readonly JsonEncodedText MetricsName = JsonEncodedText.Encode("metrics");
    private static readonly JsonEncodedText KeyName = JsonEncodedText.Encode("key");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText StepName = JsonEncodedText.Encode("step");

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

        var detail = string.Create(CultureInfo.InvariantCulture, $"filter={filter};order_by={orderBy};max_results={maxResults};runs={page.Items.Count};reply_bytes={bytes};n={storeMs.Count};in_process=true");
        sink.Add($"profile.search.{label}.store_ms", storeMs.P50, "ms", detail + ";what=SearchRunsAsync (find the page + load its metrics/params/tags/inputs)");
        sink.Add($"profile.search.{label}.json_ms", jsonMs.P50, "ms", detail + ";what=serialize SearchRunsResponse");

        if (filter == "metrics.rmse < 1" && orderBy is null)
        {
            await FilterOnlyAsync(uri, experimentId, filter, maxResults, label, warmup, iterations, sink, detail).ConfigureAwait(false);
        }

        if (filter == "metrics.rmse < 1" && orderBy == "metrics.rmse ASC" && page.Items.Count > 0)
        {
            // A property of the data, not a timing: how many (key='rmse', not NaN) index entries sort at
            // or before this page's last run, i.e. what an ordered scan of the metric index walks to
            // fill the page: within the experiment when latest_metrics carries experiment_id (and the
            // store indexes it so), else across every experiment.
            var last = page.Items[^1].Data.Metrics.First(m => m.Key == "rmse").Value;
            await using var connection = await OpenAsync(uri).ConfigureAwait(false);
            var scoped = PopulateCommand.HasColumn(connection, "latest_metrics", "experiment_id");
            var p = new SqlParameters();
            var sql = $"SELECT COUNT(*) FROM latest_metrics WHERE key = {p.Add("rmse")} AND is_nan = 0 AND value <= {p.Add(last)}" +
                      (scoped ? $" AND experiment_id = {p.Add(long.Parse(experimentId, CultureInfo.InvariantCulture))}" : "");
            await using var cmd = Command(connection, sql, p);
            var walked = Convert.ToInt64(await cmd.ExecuteScalarAsync().ConfigureAwait(false), CultureInfo.InvariantCulture);
            sink.Add($"profile.search.{label}.index_entries_to_fill_page", walked, "rows", detail +
                (scoped ? ";what=latest_metrics rows of this experiment with rmse <= the page's last rmse" : ";what=latest_metrics rows of every experiment with rmse <= the page's last rmse"));
        }
    }

    /// <summary>
    /// A metric filter with the default order: the statement the store builds for it (RunSearchSql's
    /// translation inside the scope and order SqlTrackingStore uses, as of commit bf9dc93), and a
    /// hypothetical one (not Argus code) with equality for the one experiment and stage and a
    /// correlated EXISTS probe, which lets SQLite walk runs_by_experiment in order and stop at the page.
    /// </summary>
    private static async Task FilterOnlyAsync(string uri, string experimentId, string filter, int maxResults, string label, int warmup, int iterations, ResultSink sink, string detail)
    {
        const string Columns = "r.run_uuid, r.experiment_id, r.name, r.user_id, r.status, r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage";
        var dialect = SqlDialect.Sqlite;
        var experiment = long.Parse(experimentId, CultureInfo.InvariantCulture);
        var p = new SqlParameters();
        var where = Argus.Core.Tracking.Search.RunSearchSql.Where(filter, p, dialect);
        var (joins, order) = Argus.Core.Tracking.Search.RunSearchSql.OrderBy([], p, dialect);
        var store = $"SELECT {Columns} FROM runs r {joins} WHERE {dialect.AnyOf("r.experiment_id", p, [experiment])} AND {dialect.AnyOf("r.lifecycle_stage", p, LifecycleStage.For(ViewType.ActiveOnly))}" +
                    $" AND ({where}) ORDER BY {order} LIMIT {p.Add((long)maxResults + 1)} OFFSET {p.Add(0L)}";
        var q = new SqlParameters();
        var probe = $"SELECT {Columns} FROM runs r WHERE r.experiment_id = {q.Add(experiment)} AND r.lifecycle_stage = {q.Add(LifecycleStage.Active)}" +
                    $" AND EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_uuid = r.run_uuid AND m.key = {q.Add("rmse")} AND m.is_nan = 0 AND m.value < {q.Add(1.0)})" +
                    $" ORDER BY r.start_time DESC, r.run_uuid ASC LIMIT {q.Add((long)maxResults + 1)} OFFSET {q.Add(0L)}";
        await using var connection = await OpenAsync(uri).ConfigureAwait(false);
        foreach (var (name, sql, parameters) in new[] { ("store", store, p), ("probe", probe, q) })
        {
            foreach (var line in await PlanAsync(connection, sql, parameters).ConfigureAwait(false))
            {
                Console.WriteLine($"plan\t{label}.{name}\t{line}");
            }
        }

        var same = (await RunIdsAsync(connection, probe, q).ConfigureAwait(false)).SequenceEqual(await RunIdsAsync(connection, store, p).ConfigureAwait(false));
        var storeMs = await Timing.MeasureAsync(() => RunIdsAsync(connection, store, p), warmup, iterations).ConfigureAwait(false);
        var probeMs = await Timing.MeasureAsync(() => RunIdsAsync(connection, probe, q), warmup, iterations).ConfigureAwait(false);
        sink.Add($"profile.search.{label}.sql_ms", storeMs.P50, "ms", detail + ";what=the statement the store builds for this search, alone (IN lists + IN subquery)");
        sink.Add($"profile.search.{label}.sql_probe_ms", probeMs.P50, "ms", detail + $";same_runs_in_same_order={same};what=equality scope + correlated EXISTS probe (not Argus code)");
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

        // The statement GetMetricHistoryAsync issues (as of commit bf9dc93), run alone on an open connection.
        var p = new SqlParameters();
        var sql = $"SELECT step, timestamp, value, is_nan FROM metrics WHERE run_uuid = {p.Add(runId)} AND key = {p.Add(key)} ORDER BY step, timestamp, value, is_nan";
        await using var connection = await OpenAsync(uri).ConfigureAwait(false);
        foreach (var line in await PlanAsync(connection, sql, p).ConfigureAwait(false))
        {
            Console.WriteLine($"plan\thistory.{label}\t{line}");
        }

        var rows = 0;
        var sqlMs = await Timing.MeasureAsync(async () => rows = await ReadHistoryAsync(connection, sql, p, key, null).ConfigureAwait(false), warmup, iterations).ConfigureAwait(false);

        // Not Argus code: rows read straight into a Utf8JsonWriter that flushes to a stream as it goes,
        // as a streaming endpoint would write the response body (no list, no whole-reply buffer).
        var streamMs = await Timing.MeasureAsync(async () =>
        {
            await using var writer = new Utf8JsonWriter(Stream.Null, WriterOptions);
            writer.WriteStartObject();
            writer.WriteStartArray(MetricsName);
            await ReadHistoryAsync(connection, sql, p, key, writer).ConfigureAwait(false);
            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync().ConfigureAwait(false);
        }, warmup, iterations).ConfigureAwait(false);

        // Not Argus code: the same statement through SQLitePCLRaw (the native binding under
        // Microsoft.Data.Sqlite), stepping only, reading typed columns, and streaming into JSON.
        var path = TrackingStores.SqlitePathOf(uri);
        var rawStepMs = Timing.Measure(() => RawHistory(path, runId, key, readColumns: false, null), warmup, iterations);
        var rawReadMs = Timing.Measure(() => RawHistory(path, runId, key, readColumns: true, null), warmup, iterations);
        var rawStreamMs = Timing.Measure(() =>
        {
            using var writer = new Utf8JsonWriter(Stream.Null, WriterOptions);
            writer.WriteStartObject();
            writer.WriteStartArray(MetricsName);
            RawHistory(path, runId, key, readColumns: true, writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
        }, warmup, iterations);

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
        sink.Add($"profile.history.{label}.sql_ms", sqlMs.P50, "ms", detail + ";what=history statement alone, typed reads, open connection");
        sink.Add($"profile.history.{label}.store_ms", storeMs.P50, "ms", detail + ";what=GetMetricHistoryAsync");
        sink.Add($"profile.history.{label}.json_ms", jsonMs.P50, "ms", detail + ";what=serialize MetricHistoryResponse (System.Text.Json, TrackingJson options)");
        sink.Add($"profile.history.{label}.json_handwritten_ms", handMs.P50, "ms", detail + $";same_bytes={sameBytes};what=the same reply written by a Utf8JsonWriter loop (not Argus code)");
        sink.Add($"profile.history.{label}.raw_step_only_ms", rawStepMs.P50, "ms", detail + ";what=SQLitePCLRaw: prepare, bind, sqlite3_step over all rows, no column reads (not Argus code)");
        sink.Add($"profile.history.{label}.raw_typed_read_ms", rawReadMs.P50, "ms", detail + ";what=SQLitePCLRaw: same plus sqlite3_column_* for the 4 columns (not Argus code)");
        sink.Add($"profile.history.{label}.raw_streamed_to_json_ms", rawStreamMs.P50, "ms", detail + ";what=SQLitePCLRaw rows written straight to a Utf8JsonWriter on a stream (not Argus code)");
        sink.Add($"profile.history.{label}.sql_streamed_to_json_ms", streamMs.P50, "ms", detail + ";what=statement rows written straight to a Utf8JsonWriter on a stream (not Argus code)");
    }

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private static byte[] WriteHistory(IReadOnlyList<Metric> points)
    {
        var buffer = new ArrayBufferWriter<byte>(points.Count * 80 + 64);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray(MetricsName);
            foreach (var m in points)
            {
                WritePoint(writer, m.Key, m.Value, m.Timestamp, m.Step);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WritePoint(Utf8JsonWriter writer, string key, double value, long timestamp, long step)
    {
        writer.WriteStartObject();
        writer.WriteString(KeyName, key);
        if (double.IsFinite(value))
        {
            writer.WriteNumber(ValueName, value);
        }
        else
        {
            writer.WriteString(ValueName, double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }

        writer.WriteNumber(TimestampName, timestamp);
        writer.WriteNumber(StepName, step);
        writer.WriteEndObject();
    }

    /// <summary>Reads history rows with typed getters, as the store does; writes them as JSON when given a writer.</summary>
    private static async Task<int> ReadHistoryAsync(SqliteConnection connection, string sql, SqlParameters p, string key, Utf8JsonWriter? writer)
    {
        await using var cmd = Command(connection, sql, p);
        await using var reader = await cmd.ExecuteReaderAsync().ConfigureAwait(false);
        var rows = 0;
        double checksum = 0;
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            var step = reader.GetInt64(0);
            var timestamp = reader.GetInt64(1);
            var value = reader.GetInt64(3) != 0 ? double.NaN : reader.GetDouble(2);
            if (writer is null)
            {
                checksum += value + step + timestamp;
            }
            else
            {
                WritePoint(writer, key, value, timestamp, step);
                if (writer.BytesPending > 16 * 1024)
                {
                    await writer.FlushAsync().ConfigureAwait(false);
                }
            }

            rows++;
        }

        GC.KeepAlive(checksum);
        return rows;
    }

    private static int RawHistory(string path, string runId, string key, bool readColumns, Utf8JsonWriter? writer)
    {
        using var db = Check(raw.sqlite3_open_v2(path, out var handle, raw.SQLITE_OPEN_READONLY, null), handle);
        Check(raw.sqlite3_prepare_v2(db, "SELECT step, timestamp, value, is_nan FROM metrics WHERE run_uuid = ?1 AND key = ?2 ORDER BY step, timestamp, value, is_nan", out var statement), db);
        using (statement)
        {
            raw.sqlite3_bind_text(statement, 1, runId);
            raw.sqlite3_bind_text(statement, 2, key);
            var rows = 0;
            double checksum = 0;
            while (raw.sqlite3_step(statement) == raw.SQLITE_ROW)
            {
                rows++;
                if (!readColumns)
                {
                    continue;
                }

                var step = raw.sqlite3_column_int64(statement, 0);
                var timestamp = raw.sqlite3_column_int64(statement, 1);
                var value = raw.sqlite3_column_int64(statement, 3) != 0 ? double.NaN : raw.sqlite3_column_double(statement, 2);
                if (writer is null)
                {
                    checksum += step + timestamp + value;
                }
                else
                {
                    WritePoint(writer, key, value, timestamp, step);
                    if (writer.BytesPending > 16 * 1024)
                    {
                        writer.Flush();
                    }
                }
            }

            GC.KeepAlive(checksum);
            return rows;
        }
    }

    private static sqlite3 Check(int rc, sqlite3 db) =>
        rc == raw.SQLITE_OK ? db : throw new InvalidOperationException($"SQLite error {rc}: {raw.sqlite3_errmsg(db).utf8_to_string()}");

    private static async Task<SqliteConnection> OpenAsync(string uri)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = TrackingStores.SqlitePathOf(uri), Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync().ConfigureAwait(false);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragmas;
        await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
        return connection;
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
#pragma warning disable CA2100 // Fixed statements; values are parameters.
        cmd.CommandText = sql;
#pragma warning restore CA2100
        p.BindTo(cmd);
        return cmd;
    }
}
