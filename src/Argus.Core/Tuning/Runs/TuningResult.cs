namespace Argus.Core.Tuning.Runs;

/// <summary>The outcome of a search.</summary>
/// <param name="ParentRunId">The parent run.</param>
/// <param name="StopReason">Why no more trials started.</param>
/// <param name="Trials">Every finished trial of the search (resumed ones included), by number.</param>
/// <param name="BestTrial">The completed trial with the lowest loss (the earliest on ties), or null.</param>
public sealed record TuningResult(string ParentRunId, TuningStopReason StopReason, IReadOnlyList<TuningTrial> Trials, TuningTrial? BestTrial)
{
    /// <summary>Trials with a loss.</summary>
    public int TrialsCompleted => Trials.Count(t => t.Loss is not null);

    /// <summary>Trials whose objective failed.</summary>
    public int TrialsFailed => Trials.Count(t => t.Status == Tracking.RunStatus.Failed);
}
