using System.Globalization;
using Argus.Core.Errors;
using Argus.Core.Tracking;

namespace Argus.Core.Tuning.Runs;

/// <summary>
/// The state of one <see cref="TuningRunner"/> call. One coordinator loop suggests and starts trials in
/// trial-number order and records each as it ends; only the objectives (and their child runs' final writes)
/// run concurrently.
/// </summary>
internal sealed class TuningSession(
    ITrackingStore store,
    SearchSpace space,
    ISampler sampler,
    Func<TrialContext, CancellationToken, Task<TrialOutcome>> objective,
    TuningOptions options,
    IProgress<TuningProgress>? progress,
    RunInfo parent,
    Dictionary<string, string> parentParams)
{
    private readonly SortedList<int, TuningTrial> _ended = [];
    private readonly HashSet<string> _evaluated = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock = options.TimeProvider;
    private int _nextNumber = 1;
    private long _gridCursor;
    private TuningTrial? _best;
    private int _sinceImprovement;
    private TimeSpan _trialTimeTotal;
    private int _trialsTimed;

    private sealed record TrialEnd(TuningTrial Trial, TimeSpan Duration);

    /// <summary>Rebuilds the history from the parent's child runs.</summary>
    public async Task LoadHistoryAsync(CancellationToken cancellationToken)
    {
        string? pageToken = null;
        do
        {
            var page = await store.SearchRunsAsync(new RunSearch
            {
                ExperimentIds = [parent.ExperimentId],
                Filter = $"tags.`{MlflowTags.ParentRunId}` = '{parent.RunId}'",
                MaxResults = RunSearch.DefaultMaxResults,
                PageToken = pageToken,
            }, cancellationToken).ConfigureAwait(false);
            foreach (var run in page.Items)
            {
                await LoadChildAsync(run, cancellationToken).ConfigureAwait(false);
            }

            pageToken = page.NextPageToken;
        }
        while (pageToken is not null);

        foreach (var trial in _ended.Values)
        {
            if (trial.Loss is not null)
            {
                Improve(trial);
            }
        }
    }

    private async Task LoadChildAsync(Run run, CancellationToken cancellationToken)
    {
        var numberTag = run.Data.Tags.FirstOrDefault(t => t.Key == TuningTags.Trial)?.Value;
        if (!int.TryParse(numberTag, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return;
        }

        _nextNumber = Math.Max(_nextNumber, number + 1);
        var status = run.Info.Status;
        if (status is RunStatus.Running or RunStatus.Scheduled)
        {
            // Left behind by an interrupted session: it never ended, so it is neither history nor repeated as such.
            await store.UpdateRunAsync(run.Info.RunId, new RunUpdate(RunStatus.Killed, NowMs()), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (status is not (RunStatus.Finished or RunStatus.Failed))
        {
            return;
        }

        Configuration configuration;
        try
        {
            configuration = space.Encode(ParseParams(run.Data.Params));
        }
        catch (ArgusException e)
        {
            throw ArgusException.InvalidParameter($"Trial {number} (run {run.Info.RunId}) does not fit the search space: {e.Message}");
        }

        var loss = run.Data.Metrics.Where(m => m.Key == TuningTags.LossMetric).Select(m => (double?)m.Value).FirstOrDefault();
        var trial = status == RunStatus.Finished && loss is { } l && !double.IsNaN(l)
            ? new TuningTrial(number, run.Info.RunId, configuration, l, RunStatus.Finished, null)
            : new TuningTrial(number, run.Info.RunId, configuration, null, RunStatus.Failed,
                run.Data.Tags.FirstOrDefault(t => t.Key == TuningTags.Error)?.Value);
        _ended[number] = trial;
        _evaluated.Add(configuration.ToString());
    }

    /// <summary>Param text back to typed values: choices by their option's text, other dimensions as numbers.</summary>
    private Dictionary<string, object> ParseParams(IReadOnlyList<Param> parameters)
    {
        var text = parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var dimension in space.Dimensions)
        {
            if (!text.TryGetValue(dimension.Key, out var value))
            {
                continue;
            }

            if (dimension.Node is ChoiceNode)
            {
                var option = Array.Find(dimension.OptionValues, o => Format(o) == value);
                values[dimension.Key] = option ?? value;
            }
            else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                values[dimension.Key] = number;
            }
            else
            {
                values[dimension.Key] = value;
            }
        }

        return values;
    }

    public async Task<TuningResult> RunAsync(CancellationToken cancellationToken)
    {
        var start = _clock.GetUtcNow();
        TuningStopReason? stop = null;
        var running = new List<Task<TrialEnd>>();
        while (true)
        {
            while (stop is null && running.Count < options.Parallelism && !cancellationToken.IsCancellationRequested)
            {
                stop = StopReason(running.Count, _clock.GetUtcNow() - start);
                if (stop is not null)
                {
                    break;
                }

                var number = _nextNumber;
                var configuration = Suggest(number);
                if (configuration is null)
                {
                    stop = TuningStopReason.Exhausted;
                    break;
                }

                _nextNumber++;
                var runId = await CreateChildAsync(number, configuration).ConfigureAwait(false);
                running.Add(RunTrialAsync(number, configuration, runId, cancellationToken));
            }

            if (running.Count == 0)
            {
                break;
            }

            var done = await Task.WhenAny(running).ConfigureAwait(false);
            running.Remove(done);
            var end = await done.ConfigureAwait(false);
            Record(end, running.Count, _clock.GetUtcNow() - start);
        }

        var cancelled = cancellationToken.IsCancellationRequested;
        await FinishParentAsync(cancelled ? RunStatus.Killed : RunStatus.Finished, stop).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return new TuningResult(parent.RunId, stop ?? TuningStopReason.MaxTrials, [.. _ended.Values], _best);
    }

    private TuningStopReason? StopReason(int runningCount, TimeSpan elapsed)
    {
        if (_ended.Count + runningCount >= options.MaxTrials)
        {
            return TuningStopReason.MaxTrials;
        }

        if (options.TimeBudget is { } budget && elapsed >= budget)
        {
            return TuningStopReason.TimeBudget;
        }

        if (options.StopAfterNoImprovement is { } k && _sinceImprovement >= k)
        {
            return TuningStopReason.NoImprovement;
        }

        return null;
    }

    private Configuration? Suggest(int number)
    {
        var random = new Random(TrialSeed(options.Seed, number));
        if (sampler is GridSampler grid)
        {
            // The grid's own index is history.Count, which neither parallel trials nor a resume keep in step.
            while (grid.At(_gridCursor++) is { } point)
            {
                if (!_evaluated.Contains(point.ToString()))
                {
                    return point;
                }
            }

            return null;
        }

        return sampler.Suggest([.. _ended.Values.Select(t => new Trial(t.Configuration, t.Loss))], random);
    }

    /// <summary>A seed for trial <paramref name="number"/>: SplitMix64 of (seed, number), stable across runtimes.</summary>
    internal static int TrialSeed(int seed, int number)
    {
        var z = unchecked(((ulong)(uint)seed << 32) ^ (uint)number) + 0x9E3779B97F4A7C15UL;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & int.MaxValue);
    }

    private async Task<string> CreateChildAsync(int number, Configuration configuration)
    {
        // Store writes that record a trial's fate are not cancelled: a KILLED status must still be written.
        var run = await store.CreateRunAsync(new RunCreation
        {
            ExperimentId = parent.ExperimentId,
            RunName = TuningRunner.Truncate($"{parent.RunName}-trial-{number.ToString(CultureInfo.InvariantCulture)}", TrackingLimits.MaxRunNameLength),
            StartTime = NowMs(),
            Tags =
            [
                new Tag(MlflowTags.ParentRunId, parent.RunId),
                new Tag(TuningTags.Trial, number.ToString(CultureInfo.InvariantCulture)),
            ],
        }, CancellationToken.None).ConfigureAwait(false);
        var parameters = configuration.Values.Select(v => new Param(v.Key, Format(v.Value))).ToList();
        for (var i = 0; i < parameters.Count; i += TrackingLimits.MaxParamsPerBatch)
        {
            var chunk = parameters.GetRange(i, Math.Min(TrackingLimits.MaxParamsPerBatch, parameters.Count - i));
            await store.LogBatchAsync(run.Info.RunId, [], chunk, [], CancellationToken.None).ConfigureAwait(false);
        }

        return run.Info.RunId;
    }

    private async Task<TrialEnd> RunTrialAsync(int number, Configuration configuration, string runId, CancellationToken cancellationToken)
    {
        // Off the coordinator, so a synchronous start of the objective cannot hold back the next trial.
        await Task.Yield();
        var begin = _clock.GetUtcNow();
        TrialOutcome outcome;
        string? error = null;
        try
        {
            outcome = await objective(new TrialContext(number, configuration, runId, store, _clock), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The objective returned no outcome.");
            if (double.IsNaN(outcome.Loss))
            {
                error = "The objective returned a NaN loss.";
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await store.UpdateRunAsync(runId, new RunUpdate(RunStatus.Killed, NowMs()), CancellationToken.None).ConfigureAwait(false);
            return new TrialEnd(new TuningTrial(number, runId, configuration, null, RunStatus.Killed, null), _clock.GetUtcNow() - begin);
        }
        catch (Exception e)
        {
            outcome = new TrialOutcome(double.NaN);
            error = string.IsNullOrEmpty(e.Message) ? e.GetType().Name : e.Message;
        }

        var duration = _clock.GetUtcNow() - begin;
        if (error is not null)
        {
            await store.SetTagAsync(runId, TuningTags.Error, TuningRunner.Truncate(error, TrackingLimits.MaxRunTagValueLength), CancellationToken.None).ConfigureAwait(false);
            await store.UpdateRunAsync(runId, new RunUpdate(RunStatus.Failed, NowMs()), CancellationToken.None).ConfigureAwait(false);
            return new TrialEnd(new TuningTrial(number, runId, configuration, null, RunStatus.Failed, error), duration);
        }

        var now = NowMs();
        var metrics = new List<Metric> { new(TuningTags.LossMetric, outcome.Loss, now, 0) };
        metrics.AddRange(outcome.Metrics.Where(m => m.Key != TuningTags.LossMetric).Select(m => new Metric(m.Key, m.Value, now, 0)));
        for (var i = 0; i < metrics.Count; i += TrackingLimits.MaxMetricsPerBatch)
        {
            var chunk = metrics.GetRange(i, Math.Min(TrackingLimits.MaxMetricsPerBatch, metrics.Count - i));
            await store.LogBatchAsync(runId, chunk, [], [], CancellationToken.None).ConfigureAwait(false);
        }

        await store.UpdateRunAsync(runId, new RunUpdate(RunStatus.Finished, now), CancellationToken.None).ConfigureAwait(false);
        return new TrialEnd(new TuningTrial(number, runId, configuration, outcome.Loss, RunStatus.Finished, null), duration);
    }

    private void Record(TrialEnd end, int runningCount, TimeSpan elapsed)
    {
        var trial = end.Trial;
        if (trial.Status == RunStatus.Killed)
        {
            return;
        }

        _ended[trial.Number] = trial;
        _evaluated.Add(trial.Configuration.ToString());
        _trialTimeTotal += end.Duration;
        _trialsTimed++;
        if (trial.Loss is not null)
        {
            Improve(trial);
        }

        if (progress is null)
        {
            return;
        }

        var remaining = Math.Max(0, options.MaxTrials - _ended.Count);
        var eta = _trialTimeTotal / _trialsTimed * Math.Ceiling((double)remaining / options.Parallelism);
        if (options.TimeBudget is { } budget)
        {
            var left = budget - elapsed;
            eta = left < TimeSpan.Zero ? TimeSpan.Zero : left < eta ? left : eta;
        }

        progress.Report(new TuningProgress(
            trial.Number, options.MaxTrials, CountCompleted(), _ended.Count - CountCompleted(), runningCount,
            _best?.Loss, _best?.Number, elapsed, eta));
    }

    private void Improve(TuningTrial trial)
    {
        if (_best is null || trial.Loss < _best.Loss || (trial.Loss == _best.Loss && trial.Number < _best.Number))
        {
            var improved = _best is null || trial.Loss < _best.Loss;
            _best = trial;
            _sinceImprovement = improved ? 0 : _sinceImprovement + 1;
        }
        else
        {
            _sinceImprovement++;
        }
    }

    private int CountCompleted() => _ended.Values.Count(t => t.Loss is not null);

    private async Task FinishParentAsync(RunStatus status, TuningStopReason? stop)
    {
        var now = NowMs();
        var completed = CountCompleted();

        // Step = trials ended, so after a resume the newer summary is the latest point whatever the clock says.
        long step = _ended.Count;
        var metrics = new List<Metric>
        {
            new(TuningTags.CompletedMetric, completed, now, step),
            new(TuningTags.FailedMetric, _ended.Count - completed, now, step),
        };
        var tags = new List<Tag>();
        var parameters = new List<Param>();
        if (stop is { } reason)
        {
            tags.Add(new Tag(TuningTags.StopReason, reason.ToString()));
        }

        if (_best is { Loss: { } bestLoss } best)
        {
            metrics.Add(new Metric(TuningTags.BestLossMetric, bestLoss, now, step));
            metrics.Add(new Metric(TuningTags.BestTrialMetric, best.Number, now, step));
            tags.Add(new Tag(TuningTags.BestConfiguration, TuningRunner.Truncate(best.Configuration.ToString(), TrackingLimits.MaxRunTagValueLength)));
            parameters.AddRange(best.Configuration.Values.Select(v => new Param(
                TuningTags.BestParamPrefix + v.Key, TuningRunner.Truncate(Format(v.Value), TrackingLimits.MaxParamValueLength))));

            // Params are immutable: a resumed search whose best changed keeps the first best.* params
            // (the best_config tag and best_trial metric hold the current best).
            var conflict = parameters.Exists(p => parentParams.TryGetValue(p.Key, out var old) && old != p.Value)
                || parentParams.Keys.Any(k => k.StartsWith(TuningTags.BestParamPrefix, StringComparison.Ordinal) && !parameters.Exists(p => p.Key == k));
            parameters = conflict ? [] : parameters.Where(p => !parentParams.ContainsKey(p.Key)).ToList();
        }

        await store.LogBatchAsync(parent.RunId, metrics, [], tags, CancellationToken.None).ConfigureAwait(false);
        for (var i = 0; i < parameters.Count; i += TrackingLimits.MaxParamsPerBatch)
        {
            var chunk = parameters.GetRange(i, Math.Min(TrackingLimits.MaxParamsPerBatch, parameters.Count - i));
            await store.LogBatchAsync(parent.RunId, [], chunk, [], CancellationToken.None).ConfigureAwait(false);
        }

        await store.UpdateRunAsync(parent.RunId, new RunUpdate(status, now), CancellationToken.None).ConfigureAwait(false);
    }

    private long NowMs() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Format(object value) => Configuration.FormatValue(value);
}
