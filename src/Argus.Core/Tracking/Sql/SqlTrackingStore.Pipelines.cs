using System.Data.Common;
using System.Globalization;
using System.Text;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Rest;
using Argus.Core.Pipelines.Runs;

namespace Argus.Core.Tracking.Sql;

/// <summary>
/// Pipeline runs, their steps and logs, and schedules, in the same database as tracking (schema v4). The guarantees of
/// <see cref="IPipelineStore"/> rest on the database, not on this process: a partial unique index admits one running run
/// per pipeline, a tick is claimed by inserting its (pipeline, tick) key, and abandoned runs are failed by one statement
/// that re-checks each row it takes. Writes that must not race a run's end (step updates) lock the run's row first
/// (PostgreSQL <c>FOR UPDATE</c>; SQLite's single writer already serialises).
/// </summary>
internal abstract partial class SqlTrackingStore : IPipelineStore
{
    private const string PipelineRunColumns =
        "r.run_id, r.pipeline, r.state, r.triggered_by, r.scheduled_for, r.retry_of, r.start_time, r.end_time, r.heartbeat, r.owner, r.message, r.parameters, r.definition, r.working_directory";

    private const string StepRunColumns = "s.run_id, s.step, s.kind, s.state, s.attempts, s.start_time, s.end_time, s.outputs, s.error";

    private const string ScheduleColumns = "pipeline, cron, time_zone, enabled, definition, parameters, created_time, last_tick, working_directory";

    /// <summary>What a step's log ends with once it reached <see cref="PipelineLimits.MaxStepLogLength"/>.</summary>
    internal static readonly string StepLogTruncatedNote =
        $"\n[argus: this step's log reached {PipelineLimits.MaxStepLogLength.ToString("N0", CultureInfo.InvariantCulture)} characters; the rest was dropped]\n";

    public async Task<PipelineRun> StartRunAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        PipelineStoreValidator.NewRun(run);
        var runId = string.IsNullOrEmpty(run.RunId)
            ? Guid.CreateVersion7(run.StartTime < DateTimeOffset.UnixEpoch ? DateTimeOffset.UnixEpoch : run.StartTime).ToString("N")
            : run.RunId;
        try
        {
            await using var scope = await BeginWriteAsync(cancellationToken, "StartPipelineRun").ConfigureAwait(false);
            var p = new SqlParameters();
            await ExecAsync(scope,
                "INSERT INTO pipeline_runs (run_id, pipeline, state, triggered_by, scheduled_for, retry_of, start_time, end_time, heartbeat, owner, message, parameters, definition, working_directory) " +
                $"VALUES ({p.Add(runId)}, {p.Add(run.Pipeline)}, 'running', {p.Add(PipelineText.Of(run.Trigger))}, {p.Add(PipelineJson.Millis(run.ScheduledFor))}, " +
                $"{p.Add(run.RetryOf)}, {p.Add(PipelineJson.Millis(run.StartTime))}, NULL, {p.Add(PipelineJson.Millis(run.Heartbeat))}, {p.Add(run.Owner)}, " +
                $"{p.Add(CleanText(PipelineStoreValidator.Message(run.Message)))}, {p.Add(PipelineJson.MapToJson(run.Parameters))}, {p.Add(CleanText(run.Definition))}, {p.Add(CleanText(run.WorkingDirectory))})",
                p, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < run.Steps.Count; i++)
            {
                var step = run.Steps[i];
                p = new SqlParameters();
                await ExecAsync(scope,
                    "INSERT INTO pipeline_step_runs (run_id, step, ordinal, kind, state, attempts, start_time, end_time, outputs, error) " +
                    $"VALUES ({p.Add(runId)}, {p.Add(step.Step)}, {p.Add(i)}, {StepValues(p, step)})",
                    p, cancellationToken).ConfigureAwait(false);
            }

            var started = await QueryPipelineRunsAsync(scope.Connection, scope.Transaction, RunByIdSql(runId, out var byId), byId, cancellationToken).ConfigureAwait(false);
            await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
            return started[0];
        }
        catch (DbException e) when (Dialect.IsUniqueViolation(e))
        {
            throw await StartConflictAsync(run.Pipeline, runId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task UpdateStepAsync(string runId, StepRun step, CancellationToken cancellationToken)
    {
        PipelineStoreValidator.RunId(runId);
        PipelineStoreValidator.Step(step);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await LockRunningRunAsync(scope, runId, cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        await ExecAsync(scope,
            "INSERT INTO pipeline_step_runs (run_id, step, ordinal, kind, state, attempts, start_time, end_time, outputs, error) " +
            $"VALUES ({p.Add(runId)}, {p.Add(step.Step)}, (SELECT COALESCE(MAX(ordinal) + 1, 0) FROM pipeline_step_runs WHERE run_id = {p.Add(runId)}), {StepValues(p, step)}) " +
            "ON CONFLICT (run_id, step) DO UPDATE SET kind = excluded.kind, state = excluded.state, attempts = excluded.attempts, " +
            "start_time = excluded.start_time, end_time = excluded.end_time, outputs = excluded.outputs, error = excluded.error",
            p, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task AppendStepLogAsync(string runId, string step, string text, CancellationToken cancellationToken)
    {
        PipelineStoreValidator.RunId(runId);
        PipelineStoreValidator.StepName(step);
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return;
        }

        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);

        // Locking the step's row makes appends to one step commit one after another, in the order of their ids.
        var p = new SqlParameters();
        var size = await ScalarAsync(scope,
            $"SELECT log_size FROM pipeline_step_runs WHERE run_id = {p.Add(runId)} AND step = {p.Add(step)}{RowLock}", p, cancellationToken).ConfigureAwait(false);
        if (size is null)
        {
            throw await StepNotFoundAsync(scope.Connection, scope.Transaction, runId, step, cancellationToken).ConfigureAwait(false);
        }

        var used = Convert.ToInt64(size, CultureInfo.InvariantCulture);
        if (used > PipelineLimits.MaxStepLogLength)
        {
            return; // Already cut, with the note written: the rest is dropped.
        }

        var room = (int)(PipelineLimits.MaxStepLogLength - used);
        string chunk;
        long newSize;
        if (text.Length <= room)
        {
            chunk = text;
            newSize = used + text.Length;
        }
        else
        {
            var cut = room > 0 && char.IsHighSurrogate(text[room - 1]) ? room - 1 : room;
            chunk = string.Concat(text.AsSpan(0, cut), StepLogTruncatedNote);
            newSize = PipelineLimits.MaxStepLogLength + 1L;
        }

        p = new SqlParameters();
        await ExecAsync(scope, $"UPDATE pipeline_step_runs SET log_size = {p.Add(newSize)} WHERE run_id = {p.Add(runId)} AND step = {p.Add(step)}", p, cancellationToken).ConfigureAwait(false);
        p = new SqlParameters();
        await ExecAsync(scope, $"INSERT INTO pipeline_step_logs (run_id, step, text) VALUES ({p.Add(runId)}, {p.Add(step)}, {p.Add(CleanText(chunk))})", p, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task HeartbeatAsync(string runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        PipelineStoreValidator.RunId(runId);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        var time = PipelineJson.Millis(now);
        var updated = await ExecAsync(scope,
            $"UPDATE pipeline_runs SET heartbeat = CASE WHEN heartbeat < {p.Add(time)} THEN {p.Add(time)} ELSE heartbeat END " +
            $"WHERE run_id = {p.Add(runId)} AND state = 'running'",
            p, cancellationToken).ConfigureAwait(false);
        if (updated == 0)
        {
            await LockRunningRunAsync(scope, runId, cancellationToken).ConfigureAwait(false);
        }

        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> EndRunAsync(string runId, PipelineRunState state, DateTimeOffset endTime, string? message, CancellationToken cancellationToken)
    {
        PipelineStoreValidator.RunId(runId);
        if (state == PipelineRunState.Running)
        {
            throw ArgusException.InvalidParameter("A pipeline run ends as 'succeeded' or 'failed', not 'running'.");
        }

        var stateText = PipelineText.Of(state);
        await using var scope = await BeginWriteAsync(cancellationToken, "EndPipelineRun").ConfigureAwait(false);
        var p = new SqlParameters();
        var updated = await ExecAsync(scope,
            $"UPDATE pipeline_runs SET state = {p.Add(stateText)}, end_time = {p.Add(PipelineJson.Millis(endTime))}, message = {p.Add(CleanText(PipelineStoreValidator.Message(message)))} " +
            $"WHERE run_id = {p.Add(runId)} AND state = 'running'",
            p, cancellationToken).ConfigureAwait(false);
        if (updated == 0)
        {
            p = new SqlParameters();
            if (await ScalarAsync(scope, $"SELECT 1 FROM pipeline_runs WHERE run_id = {p.Add(runId)}", p, cancellationToken).ConfigureAwait(false) is null)
            {
                throw PipelineRunNotFound(runId);
            }
        }

        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        return updated == 1;
    }

    // Explicit: ITrackingStore.GetRunAsync has the same parameters.
    async Task<PipelineRun> IPipelineStore.GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        PipelineStoreValidator.RunId(runId);
        await using var connection = await OpenAsync(cancellationToken, "GetPipelineRun").ConfigureAwait(false);
        var runs = await QueryPipelineRunsAsync(connection, null, RunByIdSql(runId, out var p), p, cancellationToken).ConfigureAwait(false);
        return runs.Count == 1 ? runs[0] : throw PipelineRunNotFound(runId);
    }

    public async Task<Page<PipelineRun>> SearchRunsAsync(PipelineRunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = TrackingValidator.MaxResults(query.MaxResults, PipelineLimits.DefaultMaxResults, PipelineLimits.MaxMaxResults);
        var p = new SqlParameters();
        var where = new List<string>();
        if (query.Pipeline is not null)
        {
            PipelineStoreValidator.PipelineName(query.Pipeline);
            where.Add($"r.pipeline = {p.Add(query.Pipeline)}");
        }

        if (query.State is { } state)
        {
            where.Add($"r.state = {p.Add(PipelineText.Of(state))}");
        }

        if (DecodePipelineRunToken(query.PageToken) is var (startTime, lastId))
        {
            where.Add($"(r.start_time < {p.Add(startTime)} OR (r.start_time = {p.Add(startTime)} AND r.run_id < {p.Add(lastId)}))");
        }

        var sql = $"SELECT {PipelineRunColumns} FROM pipeline_runs r" +
                  (where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where)) +
                  $" ORDER BY r.start_time DESC, r.run_id DESC LIMIT {p.Add((long)limit + 1)}";
        await using var connection = await OpenAsync(cancellationToken, "SearchPipelineRuns").ConfigureAwait(false);
        var runs = await QueryPipelineRunsAsync(connection, null, sql, p, cancellationToken).ConfigureAwait(false);
        if (runs.Count <= limit)
        {
            return new Page<PipelineRun>(runs, null);
        }

        runs.RemoveAt(runs.Count - 1);
        var last = runs[^1];
        return new Page<PipelineRun>(runs, EncodePipelineRunToken(PipelineJson.Millis(last.StartTime), last.RunId));
    }

    public async Task<string> GetStepLogAsync(string runId, string step, CancellationToken cancellationToken)
    {
        PipelineStoreValidator.RunId(runId);
        PipelineStoreValidator.StepName(step);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        long size;
        await using (var cmd = Command(connection, null, $"SELECT log_size FROM pipeline_step_runs WHERE run_id = {p.Add(runId)} AND step = {p.Add(step)}", p))
        {
            var value = await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (value is null or DBNull)
            {
                throw await StepNotFoundAsync(connection, null, runId, step, cancellationToken).ConfigureAwait(false);
            }

            size = Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }

        var log = new StringBuilder((int)Math.Min(size, PipelineLimits.MaxStepLogLength + StepLogTruncatedNote.Length));
        p = new SqlParameters();
        await using (var cmd = Command(connection, null, $"SELECT text FROM pipeline_step_logs WHERE run_id = {p.Add(runId)} AND step = {p.Add(step)} ORDER BY id", p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                log.Append(reader.GetString(0));
            }
        }

        return log.ToString();
    }

    public async Task<IReadOnlyList<string>> FailAbandonedRunsAsync(DateTimeOffset heartbeatBefore, string message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message))
        {
            throw ArgusException.MissingParameter("message");
        }

        var text = CleanText(PipelineStoreValidator.Message(message));
        var endTime = PipelineJson.Millis(now);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);

        // Rows are locked in id order (no deadlock between two servers doing this at once), and PostgreSQL re-checks the
        // condition on each row it had to wait for: a run whose heartbeat just moved, or that another caller failed, is left out.
        var p = new SqlParameters();
        var ids = new List<string>();
        await using (var cmd = Command(scope.Connection, scope.Transaction,
            $"SELECT run_id FROM pipeline_runs WHERE state = 'running' AND heartbeat < {p.Add(PipelineJson.Millis(heartbeatBefore))} ORDER BY run_id{RowLock}", p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(reader.GetString(0));
            }
        }

        if (ids.Count == 0)
        {
            return [];
        }

        p = new SqlParameters();
        await ExecAsync(scope,
            $"UPDATE pipeline_runs SET state = 'failed', end_time = {p.Add(endTime)}, message = {p.Add(text)} WHERE {Dialect.AnyOf("run_id", p, ids)} AND state = 'running'",
            p, cancellationToken).ConfigureAwait(false);
        p = new SqlParameters();
        await ExecAsync(scope,
            "UPDATE pipeline_step_runs SET state = CASE WHEN state = 'running' THEN 'failed' ELSE 'skipped' END, " +
            $"end_time = CASE WHEN state = 'running' THEN {p.Add(endTime)} ELSE end_time END, error = {p.Add(text)} " +
            $"WHERE {Dialect.AnyOf("run_id", p, ids)} AND state IN ('running', 'pending')",
            p, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        return ids;
    }

    public async Task<PipelineSchedule> SetScheduleAsync(PipelineSchedule schedule, CancellationToken cancellationToken)
    {
        PipelineStoreValidator.Schedule(schedule);
        var created = schedule.CreatedTime == default ? Now : PipelineJson.Millis(schedule.CreatedTime);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        await ExecAsync(scope,
            $"INSERT INTO pipeline_schedules ({ScheduleColumns}) " +
            $"VALUES ({p.Add(schedule.Pipeline)}, {p.Add(schedule.Cron)}, {p.Add(schedule.TimeZone)}, {p.Add(schedule.Enabled ? 1 : 0)}, " +
            $"{p.Add(CleanText(schedule.Definition))}, {p.Add(PipelineJson.MapToJson(schedule.Parameters))}, {p.Add(created)}, {p.Add(PipelineJson.Millis(schedule.LastTick))}, {p.Add(CleanText(schedule.WorkingDirectory))}) " +
            "ON CONFLICT (pipeline) DO UPDATE SET cron = excluded.cron, time_zone = excluded.time_zone, enabled = excluded.enabled, " +
            "definition = excluded.definition, parameters = excluded.parameters, working_directory = excluded.working_directory, " +
            "last_tick = CASE WHEN pipeline_schedules.last_tick IS NULL OR excluded.last_tick > pipeline_schedules.last_tick " +
            "THEN excluded.last_tick ELSE pipeline_schedules.last_tick END",
            p, cancellationToken).ConfigureAwait(false);
        p = new SqlParameters();
        var stored = await QuerySchedulesAsync(scope.Connection, scope.Transaction, $"SELECT {ScheduleColumns} FROM pipeline_schedules WHERE pipeline = {p.Add(schedule.Pipeline)}", p, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stored[0];
    }

    public async Task<IReadOnlyList<PipelineSchedule>> ListSchedulesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await QuerySchedulesAsync(connection, null, $"SELECT {ScheduleColumns} FROM pipeline_schedules ORDER BY pipeline", new SqlParameters(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteScheduleAsync(string pipeline, CancellationToken cancellationToken)
    {
        PipelineStoreValidator.PipelineName(pipeline);
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var p = new SqlParameters();
        var deleted = await ExecAsync(scope, $"DELETE FROM pipeline_schedules WHERE pipeline = {p.Add(pipeline)}", p, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }

    public async Task<bool> ClaimTickAsync(string pipeline, DateTimeOffset tick, string owner, CancellationToken cancellationToken)
    {
        PipelineStoreValidator.PipelineName(pipeline);
        PipelineStoreValidator.Owner(owner);
        var tickTime = PipelineJson.Millis(tick);
        var retention = (long)PipelineLimits.TickRetention.TotalMilliseconds;
        await using var scope = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);

        // The schedule's row is locked first, so claims of one pipeline queue and last_tick only moves forward.
        var p = new SqlParameters();
        bool enabled;
        long? lastTick;
        await using (var cmd = Command(scope.Connection, scope.Transaction, $"SELECT enabled, last_tick FROM pipeline_schedules WHERE pipeline = {p.Add(pipeline)}{RowLock}", p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            enabled = reader.GetInt64(0) != 0;
            lastTick = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        }

        if (!enabled || (lastTick is { } last && tickTime < last - retention))
        {
            return false;
        }

        p = new SqlParameters();
        var inserted = await ExecAsync(scope,
            $"INSERT INTO pipeline_schedule_ticks (pipeline, tick, owner, claimed_at) VALUES ({p.Add(pipeline)}, {p.Add(tickTime)}, {p.Add(owner)}, {p.Add(Now)}) ON CONFLICT DO NOTHING",
            p, cancellationToken).ConfigureAwait(false);
        if (inserted == 0)
        {
            return false;
        }

        var newLast = Math.Max(lastTick ?? tickTime, tickTime);
        p = new SqlParameters();
        await ExecAsync(scope, $"UPDATE pipeline_schedules SET last_tick = {p.Add(newLast)} WHERE pipeline = {p.Add(pipeline)}", p, cancellationToken).ConfigureAwait(false);
        p = new SqlParameters();
        await ExecAsync(scope, $"DELETE FROM pipeline_schedule_ticks WHERE pipeline = {p.Add(pipeline)} AND tick < {p.Add(newLast - retention)}", p, cancellationToken).ConfigureAwait(false);
        await scope.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    // ---------------------------------------------------------------- reading

    private static string RunByIdSql(string runId, out SqlParameters p)
    {
        p = new SqlParameters();
        return $"SELECT {PipelineRunColumns} FROM pipeline_runs r WHERE r.run_id = {p.Add(runId)}";
    }

    /// <summary>Runs with their steps (in their order), in the order <paramref name="sql"/> returns them; two queries.</summary>
    private async Task<List<PipelineRun>> QueryPipelineRunsAsync(DbConnection connection, DbTransaction? transaction, string sql, SqlParameters p, CancellationToken cancellationToken)
    {
        var runs = new List<PipelineRun>();
        await using (var cmd = Command(connection, transaction, sql, p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                runs.Add(new PipelineRun
                {
                    RunId = reader.GetString(0),
                    Pipeline = reader.GetString(1),
                    State = FromDatabase(reader.GetString(2), PipelineText.ParseRunState),
                    Trigger = FromDatabase(reader.GetString(3), PipelineText.ParseTrigger),
                    ScheduledFor = TimeOrNull(reader, 4),
                    RetryOf = reader.IsDBNull(5) ? null : reader.GetString(5),
                    StartTime = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                    EndTime = TimeOrNull(reader, 7),
                    Heartbeat = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                    Owner = reader.GetString(9),
                    Message = reader.IsDBNull(10) ? null : reader.GetString(10),
                    Parameters = PipelineJson.MapFromJson(reader.GetString(11)),
                    Definition = reader.GetString(12),
                    WorkingDirectory = reader.IsDBNull(13) ? null : reader.GetString(13),
                });
            }
        }

        if (runs.Count == 0)
        {
            return runs;
        }

        var steps = runs.ToDictionary(r => r.RunId, _ => new List<StepRun>(), StringComparer.Ordinal);
        var sp = new SqlParameters();
        await using (var cmd = Command(connection, transaction,
            $"SELECT {StepRunColumns} FROM pipeline_step_runs s WHERE {Dialect.AnyOf("s.run_id", sp, steps.Keys.ToList())} ORDER BY s.run_id, s.ordinal", sp))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                steps[reader.GetString(0)].Add(new StepRun
                {
                    Step = reader.GetString(1),
                    Kind = reader.GetString(2),
                    State = FromDatabase(reader.GetString(3), PipelineText.ParseStepState),
                    Attempts = reader.GetInt32(4),
                    StartTime = TimeOrNull(reader, 5),
                    EndTime = TimeOrNull(reader, 6),
                    Outputs = PipelineJson.MapFromJson(reader.GetString(7)),
                    Error = reader.IsDBNull(8) ? null : reader.GetString(8),
                });
            }
        }

        return runs.Select(r => r with { Steps = steps[r.RunId] }).ToList();
    }

    private static async Task<List<PipelineSchedule>> QuerySchedulesAsync(DbConnection connection, DbTransaction? transaction, string sql, SqlParameters p, CancellationToken cancellationToken)
    {
        var schedules = new List<PipelineSchedule>();
        await using var cmd = Command(connection, transaction, sql, p);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            schedules.Add(new PipelineSchedule
            {
                Pipeline = reader.GetString(0),
                Cron = reader.GetString(1),
                TimeZone = reader.GetString(2),
                Enabled = reader.GetInt64(3) != 0,
                Definition = reader.GetString(4),
                Parameters = PipelineJson.MapFromJson(reader.GetString(5)),
                CreatedTime = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                LastTick = TimeOrNull(reader, 7),
                WorkingDirectory = reader.IsDBNull(8) ? null : reader.GetString(8),
            });
        }

        return schedules;
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>The step's values after (run_id, step, ordinal) in an insert.</summary>
    private static string StepValues(SqlParameters p, StepRun step) =>
        $"{p.Add(step.Kind)}, {p.Add(PipelineText.Of(step.State))}, {p.Add(step.Attempts)}, {p.Add(PipelineJson.Millis(step.StartTime))}, " +
        $"{p.Add(PipelineJson.Millis(step.EndTime))}, {p.Add(PipelineJson.MapToJson(step.Outputs))}, {p.Add(CleanText(PipelineStoreValidator.Message(step.Error)))}";

    /// <summary>Locks a run's row for the rest of the transaction; fails unless it is running.</summary>
    private async Task LockRunningRunAsync(WriteScope scope, string runId, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        string? state = null;
        string? message = null;
        await using (var cmd = Command(scope.Connection, scope.Transaction, $"SELECT state, message FROM pipeline_runs WHERE run_id = {p.Add(runId)}{RowLock}", p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                state = reader.GetString(0);
                message = reader.IsDBNull(1) ? null : reader.GetString(1);
            }
        }

        if (state is null)
        {
            throw PipelineRunNotFound(runId);
        }

        if (state != "running")
        {
            throw new ArgusException(ErrorCode.ResourceConflict,
                $"Pipeline run {runId} is no longer running: it {state}" + (message is null ? "." : $" ({message})."));
        }
    }

    /// <summary>Why a second run of <paramref name="pipeline"/> could not start, named after the run that holds it.</summary>
    private async Task<ArgusException> StartConflictAsync(string pipeline, string runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken, "StartPipelineRun").ConfigureAwait(false);
        var p = new SqlParameters();
        await using (var cmd = Command(connection, null, $"SELECT run_id, owner, start_time FROM pipeline_runs WHERE pipeline = {p.Add(pipeline)} AND state = 'running'", p))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var started = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                return new ArgusException(ErrorCode.ResourceConflict,
                    $"Pipeline '{pipeline}' is already running: run {reader.GetString(0)} (owner {reader.GetString(1)}, started {started}). " +
                    "Runs of one pipeline never overlap; start again when it has ended.");
            }
        }

        p = new SqlParameters();
        await using (var cmd = Command(connection, null, $"SELECT 1 FROM pipeline_runs WHERE run_id = {p.Add(runId)}", p))
        {
            if (await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not (null or DBNull))
            {
                return ArgusException.AlreadyExists($"Pipeline run {runId} already exists.");
            }
        }

        return new ArgusException(ErrorCode.ResourceConflict,
            $"Pipeline '{pipeline}' was started by someone else at the same moment, and that run has ended already. Start again.");
    }

    private static async Task<ArgusException> StepNotFoundAsync(DbConnection connection, DbTransaction? transaction, string runId, string step, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        await using var cmd = Command(connection, transaction, $"SELECT 1 FROM pipeline_runs WHERE run_id = {p.Add(runId)}", p);
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null or DBNull
            ? PipelineRunNotFound(runId)
            : ArgusException.NotFound($"Pipeline run {runId} has no step '{step}'.");
    }

    private static ArgusException PipelineRunNotFound(string runId) => ArgusException.NotFound($"No pipeline run with id={runId} exists.");

    private static DateTimeOffset? TimeOrNull(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    private static T FromDatabase<T>(string text, Func<string?, string, T> parse)
    {
        try
        {
            return parse(text, "database");
        }
        catch (ArgusException)
        {
            throw new ArgusException(ErrorCode.InternalError, $"Unknown value '{text}' in the pipeline tables of the database.");
        }
    }

    /// <summary>
    /// Text as both databases can keep it: PostgreSQL refuses NUL characters in text, and UTF-8 has no form for an
    /// unpaired surrogate, so each becomes U+FFFD (what a process's binary output would show anyway).
    /// </summary>
    private static string? CleanText(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var i = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || (char.IsSurrogate(c) && !IsPairAt(text, i)))
            {
                break;
            }

            if (char.IsHighSurrogate(c))
            {
                i++;
            }
        }

        if (i == text.Length)
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        clean.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && IsPairAt(text, i))
            {
                clean.Append(c).Append(text[++i]);
            }
            else
            {
                clean.Append(c == '\0' || char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return clean.ToString();
    }

    private static bool IsPairAt(string text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);

    // The token is the last row's position: "start_time:run_id", base64.
    private static string EncodePipelineRunToken(long startTime, string runId) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{startTime}:{runId}")));

    private static (long StartTime, string RunId)? DecodePipelineRunToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(token));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0
                && long.TryParse(text.AsSpan(0, colon), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var startTime)
                && text.Length > colon + 1)
            {
                return (startTime, text[(colon + 1)..]);
            }
        }
        catch (FormatException)
        {
            // Fall through to the one error below.
        }

        throw ArgusException.InvalidParameter($"Invalid page token '{token}'.");
    }
}
