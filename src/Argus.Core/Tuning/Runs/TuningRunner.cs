using System.Globalization;
using Argus.Core.Errors;
using Argus.Core.Tracking;

namespace Argus.Core.Tuning.Runs;

/// <summary>
/// Runs a hyperparameter search where every trial is a tracked child run of one parent run.
/// <para>
/// Reproducibility: trial i draws its configuration from a <see cref="Random"/> seeded from
/// (<see cref="TuningOptions.Seed"/>, i), and suggestions are made one at a time in trial-number order from
/// the trials that had ENDED (completed or failed) when the suggestion was made, ordered by trial number.
/// With <see cref="TuningOptions.Parallelism"/> = 1 the whole search is therefore reproducible: the same seed
/// gives the same configurations and, for a deterministic objective, the same losses (a resumed search
/// continues exactly as the uninterrupted one would have). With N &gt; 1, which trials have ended at a
/// suggestion depends on timing, so only what does not read the history is reproducible: every trial of
/// random and grid search, and TPE's startup trials (numbers up to <see cref="TpeOptions.StartupTrials"/>),
/// which are drawn from the priors. Later TPE suggestions, and the stopping point of the no-improvement rule
/// (which counts in completion order), may differ between runs.
/// </para>
/// <para>
/// Cancellation: no new trial starts, the token reaches the running objectives, their child runs are marked
/// KILLED once they end, the parent KILLED, and <see cref="OperationCanceledException"/> is thrown. An
/// objective that ignores the token is waited for.
/// </para>
/// </summary>
public sealed class TuningRunner
{
    private readonly ITrackingStore _store;

    /// <summary>Creates a runner writing to <paramref name="store"/>.</summary>
    public TuningRunner(ITrackingStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>Starts a new search under a new parent run.</summary>
    /// <exception cref="ArgusException">With <see cref="ErrorCode.InvalidParameterValue"/> listing every problem with the options.</exception>
    public async Task<TuningResult> RunAsync(
        SearchSpace space,
        Func<TrialContext, CancellationToken, Task<TrialOutcome>> objective,
        TuningOptions options,
        IProgress<TuningProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var (sampler, algorithm) = Prepare(space, objective, options);
        cancellationToken.ThrowIfCancellationRequested();
        var spaceJson = SearchSpaceJsonWriter.Write(space);
        var parent = await _store.CreateRunAsync(new RunCreation
        {
            ExperimentId = options.ExperimentId,
            RunName = options.ParentRunName,
            StartTime = options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            Tags =
            [
                new Tag(TuningTags.Algorithm, algorithm),
                new Tag(TuningTags.Space, Truncate(spaceJson, TrackingLimits.MaxRunTagValueLength)),
                new Tag(TuningTags.Seed, options.Seed.ToString(CultureInfo.InvariantCulture)),
                new Tag(TuningTags.Parallelism, options.Parallelism.ToString(CultureInfo.InvariantCulture)),
            ],
        }, cancellationToken).ConfigureAwait(false);
        var session = new TuningSession(_store, space, sampler, objective, options, progress, parent.Info, new Dictionary<string, string>(StringComparer.Ordinal));
        return await session.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Continues the search of an existing parent run: the history is rebuilt from its child runs (params
    /// through <see cref="SearchSpace.Encode"/>, the <c>loss</c> metric, the status), numbering continues after
    /// the highest trial number, finished trials are not repeated (a grid skips the points already evaluated),
    /// and child runs left RUNNING by an interrupted session are marked KILLED. The previous session must have
    /// ended. <paramref name="space"/> must be the space the search started with.
    /// </summary>
    /// <exception cref="ArgusException">On invalid options, or when a child run does not fit <paramref name="space"/>.</exception>
    public async Task<TuningResult> ResumeAsync(
        string parentRunId,
        SearchSpace space,
        Func<TrialContext, CancellationToken, Task<TrialOutcome>> objective,
        TuningOptions options,
        IProgress<TuningProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parentRunId);
        var (sampler, _) = Prepare(space, objective, options);
        var parent = await _store.GetRunAsync(parentRunId, cancellationToken).ConfigureAwait(false);
        var existing = parent.Data.Params.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var session = new TuningSession(_store, space, sampler, objective, options, progress, parent.Info, existing);
        await session.LoadHistoryAsync(cancellationToken).ConfigureAwait(false);
        await _store.UpdateRunAsync(parentRunId, new RunUpdate(RunStatus.Running), cancellationToken).ConfigureAwait(false);
        return await session.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private static (ISampler Sampler, string Algorithm) Prepare(
        SearchSpace space, Func<TrialContext, CancellationToken, Task<TrialOutcome>> objective, TuningOptions options)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>(options.Validate());
        if (options.Sampler is { } given && !ReferenceEquals(given.Space, space))
        {
            errors.Add($"{nameof(TuningOptions.Sampler)} must sample from the search space being tuned.");
        }

        if (errors.Count > 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                "Invalid tuning options:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
        }

        if (options.Sampler is { } sampler)
        {
            return (sampler, sampler switch
            {
                TpeSampler => "tpe",
                RandomSampler => "random",
                GridSampler => "grid",
                _ => sampler.GetType().Name,
            });
        }

        var algorithm = options.Algorithm.ToLowerInvariant();
        return (algorithm switch
        {
            "random" => new RandomSampler(space),
            "grid" => new GridSampler(space, options.Grid),
            _ => new TpeSampler(space, options.Tpe),
        }, algorithm);
    }

    internal static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
