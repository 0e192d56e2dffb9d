using Argus.Core.Tracking;

namespace Argus.Core.Tuning.Runs;

/// <summary>What an objective gets for one trial: its number, its configuration and its child run.</summary>
public sealed class TrialContext
{
    private readonly TimeProvider _timeProvider;

    internal TrialContext(int number, Configuration configuration, string runId, ITrackingStore store, TimeProvider timeProvider)
    {
        Number = number;
        Configuration = configuration;
        RunId = runId;
        Store = store;
        _timeProvider = timeProvider;
    }

    /// <summary>The trial number, from 1, continuing across resumes.</summary>
    public int Number { get; }

    /// <summary>The configuration to evaluate.</summary>
    public Configuration Configuration { get; }

    /// <summary>The trial's child run (RUNNING while the objective runs).</summary>
    public string RunId { get; }

    /// <summary>The store the child run lives in, for anything beyond <see cref="LogMetricAsync"/>.</summary>
    public ITrackingStore Store { get; }

    /// <summary>Logs one point of a per-round metric (e.g. validation loss at boosting round <paramref name="step"/>).</summary>
    public Task LogMetricAsync(string key, double value, long step, CancellationToken cancellationToken) =>
        Store.LogMetricAsync(RunId, new Metric(key, value, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), step), cancellationToken);
}
