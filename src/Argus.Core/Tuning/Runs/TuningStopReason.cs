namespace Argus.Core.Tuning.Runs;

/// <summary>Why a search stopped starting trials.</summary>
public enum TuningStopReason
{
    /// <summary><see cref="TuningOptions.MaxTrials"/> trials were run.</summary>
    MaxTrials,

    /// <summary><see cref="TuningOptions.TimeBudget"/> was spent.</summary>
    TimeBudget,

    /// <summary><see cref="TuningOptions.StopAfterNoImprovement"/> completed trials in a row did not improve.</summary>
    NoImprovement,

    /// <summary>The sampler had nothing left to suggest (a finished grid).</summary>
    Exhausted,
}
