using System.Collections.Concurrent;
using System.Globalization;
using Argus.Core.Errors;
using Argus.Core.Jobs;
using Argus.Core.Notifications;
using Argus.Core.Pipelines.Runs;
using Argus.Core.Pipelines.Steps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Argus.Core.Pipelines;

/// <summary>
/// Runs pipelines and records them in <see cref="PipelineRunnerOptions.Store"/>: steps in DAG order, independent ready
/// steps at once (up to <see cref="PipelineRunnerOptions.MaxParallelSteps"/>), each attempt with its settings resolved,
/// its log stored as it is written, its timeout, and its retries after the step's backoff. A step that fails after its
/// retries skips the steps that need it while other branches go on; the run then ends failed, naming the failed steps,
/// and the definition's <c>on_failure</c> channels are told. While a run goes its heartbeat is refreshed; when the store
/// says the run ended meanwhile (failed as abandoned by a server), its steps are cancelled and the runner stops.
/// </summary>
public sealed class PipelineRunner(PipelineRunnerOptions options)
{
    /// <summary>The message of a run stopped by its caller (Ctrl+C, a server stopping).</summary>
    public const string CancelledMessage = "cancelled";

    private readonly PipelineRunnerOptions _options = Validated(options);
    private readonly ILogger _logger = options?.Logger ?? NullLogger.Instance;

    private TimeProvider Time => _options.TimeProvider;

    /// <summary>
    /// Records a new run (<see cref="IPipelineStore.StartRunAsync"/>: RESOURCE_CONFLICT propagates when a run of the
    /// pipeline is running), runs its steps, ends it; returns the final run with its steps. Never throws for a step's
    /// failure (the run ends <see cref="PipelineRunState.Failed"/>). When <paramref name="cancellationToken"/> is
    /// cancelled the steps are cancelled, the run ends failed "cancelled", and <see cref="OperationCanceledException"/>
    /// is thrown.
    /// </summary>
    /// <exception cref="ArgusException">RESOURCE_CONFLICT when the pipeline is running; INVALID_PARAMETER_VALUE for a
    /// parameter the pipeline does not declare.</exception>
    public async Task<PipelineRun> RunAsync(PipelineDefinition definition, PipelineRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(request);
        var parameters = PipelineParameters.Merge(definition, request.Parameters);
        var graph = PipelineGraph.Of(definition);
        var now = Now();
        var run = new PipelineRun
        {
            RunId = string.Empty,
            Pipeline = definition.Name,
            State = PipelineRunState.Running,
            Trigger = request.Trigger,
            ScheduledFor = request.ScheduledFor,
            StartTime = now,
            Heartbeat = now,
            Owner = _options.Owner,
            Parameters = parameters,
            Definition = definition.Source,
            WorkingDirectory = Path.GetFullPath(request.WorkingDirectory ?? Directory.GetCurrentDirectory()),
            Steps = [.. graph.Order.Select(name => Pending(graph.Step(name)))],
        };
        return await ExecuteAsync(definition, graph, run, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Resumes a failed run as a new run (<see cref="PipelineTrigger.Retry"/>, <see cref="PipelineRun.RetryOf"/> =
    /// <paramref name="runId"/>) with the stored definition, parameters and working directory: its succeeded steps are
    /// carried over (state, outputs) and not run again; the others run. Cancellation as for <see cref="RunAsync"/>.
    /// </summary>
    /// <exception cref="ArgusException">INVALID_STATE when the run is still running or succeeded; RESOURCE_CONFLICT when
    /// another run of the pipeline is running; RESOURCE_DOES_NOT_EXIST for an unknown run.</exception>
    public async Task<PipelineRun> RetryAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var previous = await _options.Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        switch (previous.State)
        {
            case PipelineRunState.Running:
                throw new ArgusException(ErrorCode.InvalidState,
                    $"Pipeline run {runId} of '{previous.Pipeline}' is still running; a run is retried once it failed.");
            case PipelineRunState.Succeeded:
                throw new ArgusException(ErrorCode.InvalidState,
                    $"Pipeline run {runId} of '{previous.Pipeline}' succeeded; there is nothing to retry (run the pipeline again instead).");
        }

        var definition = PipelineYaml.Parse(previous.Definition, _options.Kinds, $"the definition of run {runId}");
        var graph = PipelineGraph.Of(definition);
        var carried = previous.Steps.Where(s => s.State == StepState.Succeeded).ToDictionary(s => s.Step, StringComparer.Ordinal);
        var now = Now();
        var run = new PipelineRun
        {
            RunId = string.Empty,
            Pipeline = definition.Name,
            State = PipelineRunState.Running,
            Trigger = PipelineTrigger.Retry,
            RetryOf = previous.RunId,
            ScheduledFor = previous.ScheduledFor,
            StartTime = now,
            Heartbeat = now,
            Owner = _options.Owner,
            Parameters = PipelineParameters.Merge(definition, previous.Parameters),
            Definition = previous.Definition,
            WorkingDirectory = previous.WorkingDirectory ?? Directory.GetCurrentDirectory(),
            Steps = [.. graph.Order.Select(name => carried.TryGetValue(name, out var done) ? done with { Error = null } : Pending(graph.Step(name)))],
        };
        return await ExecuteAsync(definition, graph, run, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How old a running run's heartbeat may get before it counts as abandoned (4 × <paramref name="heartbeatInterval"/>).</summary>
    public static TimeSpan AbandonedAfter(TimeSpan heartbeatInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(heartbeatInterval, TimeSpan.Zero);
        return heartbeatInterval * 4;
    }

    private static PipelineRunnerOptions Validated(PipelineRunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Tracker);
        ArgumentNullException.ThrowIfNull(options.Store);
        ArgumentNullException.ThrowIfNull(options.Kinds);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        var problems = new List<string>();
        if (options.HeartbeatInterval <= TimeSpan.Zero)
        {
            problems.Add($"HeartbeatInterval must be positive, not {options.HeartbeatInterval}");
        }

        if (options.MaxParallelSteps < 1)
        {
            problems.Add($"MaxParallelSteps must be at least 1, not {options.MaxParallelSteps}");
        }

        if (string.IsNullOrWhiteSpace(options.Owner))
        {
            problems.Add("Owner must not be empty");
        }

        return problems.Count == 0
            ? options
            : throw new ArgumentException("Invalid pipeline runner options: " + string.Join("; ", problems) + ".", nameof(options));
    }

    private static StepRun Pending(StepDefinition step) => new() { Step = step.Name, Kind = step.Kind, State = StepState.Pending };

    // The stores keep milliseconds: times are cut to them so what is returned equals what is read back.
    private DateTimeOffset Now()
    {
        var now = Time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    private async Task<PipelineRun> ExecuteAsync(PipelineDefinition definition, PipelineGraph graph, PipelineRun run, CancellationToken cancellationToken)
    {
        var started = await _options.Store.StartRunAsync(run, cancellationToken).ConfigureAwait(false);
        PipelineMessages.RunStarted(_logger, started.Pipeline, started.RunId, PipelineText.Of(started.Trigger));
        var execution = new Execution(this, definition, graph, started, cancellationToken);
        return await JobPush.RunAsync(
            $"pipeline/{definition.Name}",
            _options.Push,
            execution.RunAsync,
            warning =>
            {
                PipelineMessages.PushWarning(_logger, definition.Name, warning);
                return Task.CompletedTask;
            },
            Time,
            ended => ended.State == PipelineRunState.Succeeded,
            cancellationToken: CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>One run as it goes: the steps' states (owned by <see cref="RunAsync"/>'s loop) and what stops it.</summary>
    private sealed class Execution(PipelineRunner runner, PipelineDefinition definition, PipelineGraph graph, PipelineRun run, CancellationToken cancellationToken)
    {
        private readonly PipelineRunnerOptions _options = runner._options;
        private readonly ILogger _logger = runner._logger;
        private readonly Dictionary<string, StepRun> _records = run.Steps.ToDictionary(s => s.Step, StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _outputs = new(
            run.Steps.Where(s => s.State == StepState.Succeeded).Select(s => KeyValuePair.Create(s.Step, s.Outputs)), StringComparer.Ordinal);

        private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        private string? _endedElsewhere;

        private TimeProvider Time => _options.TimeProvider;

        private IPipelineStore Store => _options.Store;

        public async Task<PipelineRun> RunAsync()
        {
            var clock = Time.GetTimestamp();
            PipelineRun ended;
            try
            {
                using var heartbeatStop = new CancellationTokenSource();
                var heartbeat = HeartbeatAsync(heartbeatStop.Token);
                try
                {
                    await RunStepsAsync().ConfigureAwait(false);
                }
                finally
                {
                    await heartbeatStop.CancelAsync().ConfigureAwait(false);
                    await heartbeat.ConfigureAwait(false);
                }

                ended = await EndAsync().ConfigureAwait(false);
            }
            finally
            {
                _stop.Dispose();
            }

            PipelineMetrics.RunEnded(run.Pipeline, ended.State == PipelineRunState.Succeeded, Time.GetElapsedTime(clock), ended.EndTime ?? Time.GetUtcNow());
            if (_endedElsewhere is null && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException($"Pipeline run {run.RunId} was cancelled.", cancellationToken);
            }

            return ended;
        }

        private async Task RunStepsAsync()
        {
            var states = _records.ToDictionary(r => r.Key, r => r.Value.State, StringComparer.Ordinal);
            var running = new Dictionary<Task<StepRun>, string>();
            while (true)
            {
                // Pending steps behind a failed or skipped one never start.
                foreach (var name in graph.Blocked(states))
                {
                    var failed = graph.Step(name).Needs.Where(n => states[n] is StepState.Failed or StepState.Skipped).ToList();
                    states[name] = StepState.Skipped;
                    await SaveAsync(_records[name] with
                    {
                        State = StepState.Skipped,
                        Error = $"Not run: it needs {Describe(failed)}, which did not succeed.",
                    }).ConfigureAwait(false);
                }

                if (!_stop.IsCancellationRequested)
                {
                    foreach (var name in graph.Ready(states))
                    {
                        if (running.Count >= _options.MaxParallelSteps)
                        {
                            break;
                        }

                        states[name] = StepState.Running;
                        running.Add(Task.Run(() => RunStepAsync(graph.Step(name))), name);
                    }
                }

                if (running.Count == 0)
                {
                    break;
                }

                var done = await Task.WhenAny(running.Keys).ConfigureAwait(false);
                running.Remove(done);
                var record = await done.ConfigureAwait(false);
                _records[record.Step] = record;
                states[record.Step] = record.State;
            }

            if (_stop.IsCancellationRequested && _endedElsewhere is null)
            {
                foreach (var name in graph.Order.Where(n => states[n] == StepState.Pending))
                {
                    await SaveAsync(_records[name] with { State = StepState.Skipped, Error = "Not run: the run was cancelled." }).ConfigureAwait(false);
                }
            }
        }

        private async Task<StepRun> RunStepAsync(StepDefinition step)
        {
            var clock = Time.GetTimestamp();
            var record = _records[step.Name] with { State = StepState.Running, StartTime = Now(), Attempts = 0, Error = null };
            await SaveAsync(record).ConfigureAwait(false);
            if (!_options.Kinds.TryGet(step.Kind, out var kind))
            {
                return await FinishAsync(record with { Error = $"Unknown step kind '{step.Kind}'; known kinds: {string.Join(", ", _options.Kinds.Names)}." }, success: false, clock).ConfigureAwait(false);
            }

            for (var attempt = 1; ; attempt++)
            {
                if (attempt > 1 && step.Retry.DelayBefore(attempt) is var delay && delay > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(delay, Time, _stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                    {
                        return await FinishAsync(record with { Error = StopReason() }, success: false, clock).ConfigureAwait(false);
                    }
                }

                record = record with { Attempts = attempt };
                IReadOnlyDictionary<string, StepValue> settings;
                try
                {
                    settings = Expressions.ResolveSettings(step, Scope());
                }
                catch (ArgusException e)
                {
                    // An expression that cannot be resolved will not resolve on a retry either.
                    PipelineMetrics.AttemptEnded(run.Pipeline, step.Name, success: false);
                    return await FinishAsync(record with { Error = e.Message }, success: false, clock).ConfigureAwait(false);
                }

                await SaveAsync(record).ConfigureAwait(false);
                var (outputs, error) = await AttemptAsync(step, kind, attempt, settings).ConfigureAwait(false);
                PipelineMetrics.AttemptEnded(run.Pipeline, step.Name, error is null);
                if (error is null)
                {
                    _outputs[step.Name] = outputs!;
                    return await FinishAsync(record with { Outputs = outputs!, Error = null }, success: true, clock).ConfigureAwait(false);
                }

                PipelineMessages.AttemptFailed(_logger, run.Pipeline, run.RunId, step.Name, attempt, error);
                record = record with { Error = error };
                if (_stop.IsCancellationRequested || attempt > step.Retry.Retries)
                {
                    return await FinishAsync(record, success: false, clock).ConfigureAwait(false);
                }

                await SaveAsync(record).ConfigureAwait(false);
            }
        }

        /// <summary>One attempt: its outputs, or the error that ended it.</summary>
        private async Task<(IReadOnlyDictionary<string, string>? Outputs, string? Error)> AttemptAsync(
            StepDefinition step, IStepKind kind, int attempt, IReadOnlyDictionary<string, StepValue> settings)
        {
            await using var log = new StepLogWriter(Store, run.RunId, step.Name, Time, _options.OnLogLine, _logger);
            var attempts = step.Retry.Retries + 1;
            await log.WriteLineAsync(attempts == 1 ? $"[argus] {step.Name} ({step.Kind})" : $"[argus] {step.Name} ({step.Kind}), attempt {attempt} of {attempts}").ConfigureAwait(false);
            using var timeout = step.Timeout is { } limit ? new CancellationTokenSource(limit, Time) : new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, timeout.Token);
            string error;
            try
            {
                var context = new StepContext
                {
                    PipelineName = run.Pipeline,
                    PipelineRunId = run.RunId,
                    StepName = step.Name,
                    Attempt = attempt,
                    Settings = settings,
                    Parameters = run.Parameters,
                    Tracker = _options.Tracker,
                    Log = log,
                    WorkingDirectory = run.WorkingDirectory ?? Directory.GetCurrentDirectory(),
                    TimeProvider = Time,
                };
                var outputs = await kind.RunAsync(context, linked.Token).ConfigureAwait(false);
                return (new Dictionary<string, string>(outputs ?? new Dictionary<string, string>(), StringComparer.Ordinal), null);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                error = StopReason();
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                error = $"Timed out after {Durations.Format(step.Timeout!.Value)}.";
            }
            catch (ArgusException e)
            {
                error = e.Message;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                error = $"{e.GetType().Name}: {e.Message}";
            }

            await log.WriteLineAsync($"[argus] attempt {attempt} failed: {error}").ConfigureAwait(false);
            return (null, error);
        }

        private async Task<StepRun> FinishAsync(StepRun record, bool success, long clock)
        {
            var ended = record with { State = success ? StepState.Succeeded : StepState.Failed, EndTime = Now() };
            PipelineMetrics.StepEnded(run.Pipeline, ended.Step, success, Time.GetElapsedTime(clock));
            await SaveAsync(ended).ConfigureAwait(false);
            return ended;
        }

        private string StopReason() => _endedElsewhere is { } reason ? $"Stopped: {reason}" : "Cancelled.";

        private ExpressionScope Scope() => new()
        {
            RunId = run.RunId,
            Started = run.StartTime,
            ScheduledFor = run.ScheduledFor,
            Parameters = run.Parameters,
            Outputs = new Dictionary<string, IReadOnlyDictionary<string, string>>(_outputs, StringComparer.Ordinal),
        };

        private DateTimeOffset Now() => runner.Now();

        /// <summary>Records a step; a run ended elsewhere stops this one, other store failures are logged (the end records the run).</summary>
        private async Task SaveAsync(StepRun record)
        {
            _options.OnStepChanged?.Invoke(record);
            if (_endedElsewhere is not null)
            {
                return;
            }

            try
            {
                await Store.UpdateStepAsync(run.RunId, record, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ArgusException e) when (e.Code == ErrorCode.ResourceConflict)
            {
                await EndedElsewhereAsync(e.Message).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ArgusException or HttpRequestException or System.Data.Common.DbException or TimeoutException)
            {
                PipelineMessages.StepNotStored(_logger, run.RunId, record.Step, e.Message);
            }
        }

        private async Task EndedElsewhereAsync(string message)
        {
            if (Interlocked.CompareExchange(ref _endedElsewhere, message, null) is null)
            {
                PipelineMessages.RunEndedElsewhere(_logger, run.Pipeline, run.RunId, message);
                await _stop.CancelAsync().ConfigureAwait(false);
            }
        }

        private async Task HeartbeatAsync(CancellationToken stop)
        {
            using var timer = new PeriodicTimer(_options.HeartbeatInterval, Time);
            try
            {
                while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
                {
                    try
                    {
                        await Store.HeartbeatAsync(run.RunId, Time.GetUtcNow(), stop).ConfigureAwait(false);
                    }
                    catch (ArgusException e) when (e.Code == ErrorCode.ResourceConflict)
                    {
                        await EndedElsewhereAsync(e.Message).ConfigureAwait(false);
                        return;
                    }
                    catch (Exception e) when (e is ArgusException or HttpRequestException or System.Data.Common.DbException or TimeoutException)
                    {
                        // A missed beat is no failure: the next may pass, and four must be missed before the run counts as abandoned.
                        PipelineMessages.HeartbeatFailed(_logger, run.RunId, e.Message);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The run ended.
            }
        }

        private async Task<PipelineRun> EndAsync()
        {
            if (_endedElsewhere is not null)
            {
                var stored = await Store.GetRunAsync(run.RunId, CancellationToken.None).ConfigureAwait(false);
                PipelineMessages.RunEnded(_logger, run.Pipeline, run.RunId, PipelineText.Of(stored.State), stored.Message ?? _endedElsewhere);
                return stored;
            }

            var failed = graph.Order.Select(n => _records[n]).Where(r => r.State == StepState.Failed).ToList();
            var cancelled = cancellationToken.IsCancellationRequested;
            var state = failed.Count == 0 && !cancelled ? PipelineRunState.Succeeded : PipelineRunState.Failed;
            var message = state == PipelineRunState.Succeeded ? null
                : cancelled ? CancelledMessage
                : failed.Count == 1 ? $"Step '{failed[0].Step}' failed: {failed[0].Error}"
                : $"Steps {string.Join(", ", failed.Select(f => $"'{f.Step}'"))} failed: " + string.Join("; ", failed.Select(f => $"{f.Step}: {f.Error}"));
            await Store.EndRunAsync(run.RunId, state, Now(), message, CancellationToken.None).ConfigureAwait(false);
            PipelineMessages.RunEnded(_logger, run.Pipeline, run.RunId, PipelineText.Of(state), message ?? "all steps succeeded");
            if (state == PipelineRunState.Failed && !cancelled && definition.OnFailure is { } onFailure)
            {
                await NotifyAsync(onFailure, failed, message!).ConfigureAwait(false);
            }

            return await Store.GetRunAsync(run.RunId, CancellationToken.None).ConfigureAwait(false);
        }

        private async Task NotifyAsync(NotificationOptions channels, IReadOnlyList<StepRun> failed, string message)
        {
            try
            {
                using var notifier = new Notifier(channels with { TimeProvider = Time }, _logger);
                await notifier.NotifyAsync(new Notification
                {
                    Title = $"Pipeline {run.Pipeline} failed",
                    Summary = $"Run {run.RunId} of pipeline {run.Pipeline} failed. {message}",
                    Severity = NotificationSeverity.Warning,
                    Event = "pipeline_failed",
                    Items = [.. failed.Select(f => new NotificationItem(
                        f.Step,
                        f.Kind,
                        double.NaN,
                        double.NaN,
                        $"failed after {f.Attempts} attempt{(f.Attempts == 1 ? string.Empty : "s")}: {f.Error}"))],
                    Timestamp = Time.GetUtcNow(),
                    Labels = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["pipeline"] = run.Pipeline,
                        ["pipeline_run_id"] = run.RunId,
                    },
                }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The run failed whatever the notification does.
                PipelineMessages.NotificationFailed(_logger, run.Pipeline, run.RunId, e.Message);
            }
        }

        private static string Describe(IReadOnlyList<string> steps) => steps.Count == 1
            ? $"step '{steps[0]}'"
            : "steps " + string.Join(", ", steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"'{s}'")));
    }
}
