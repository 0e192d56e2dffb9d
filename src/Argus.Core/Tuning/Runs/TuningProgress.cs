namespace Argus.Core.Tuning.Runs;

/// <summary>Reported after each trial ends.</summary>
/// <param name="TrialNumber">The trial that just ended.</param>
/// <param name="MaxTrials">The search's trial limit.</param>
/// <param name="TrialsCompleted">Trials with a loss so far (resumed ones included).</param>
/// <param name="TrialsFailed">Failed trials so far (resumed ones included).</param>
/// <param name="TrialsRunning">Trials still being evaluated.</param>
/// <param name="BestLoss">Lowest loss so far, or null.</param>
/// <param name="BestTrialNumber">The trial with <paramref name="BestLoss"/>, or null.</param>
/// <param name="Elapsed">Time since this call started.</param>
/// <param name="EstimatedRemaining">Mean trial time × trials left ÷ parallelism (capped by the time budget), or null before any trial ended.</param>
public sealed record TuningProgress(
    int TrialNumber,
    int MaxTrials,
    int TrialsCompleted,
    int TrialsFailed,
    int TrialsRunning,
    double? BestLoss,
    int? BestTrialNumber,
    TimeSpan Elapsed,
    TimeSpan? EstimatedRemaining);
