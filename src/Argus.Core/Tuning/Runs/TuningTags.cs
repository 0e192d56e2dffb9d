namespace Argus.Core.Tuning.Runs;

/// <summary>Tag, metric and param names a search writes on its parent and child runs.</summary>
public static class TuningTags
{
    public const string Algorithm = "argus.tuning.algo";
    public const string Space = "argus.tuning.space";
    public const string Seed = "argus.tuning.seed";
    public const string Parallelism = "argus.tuning.parallelism";
    public const string StopReason = "argus.tuning.stop_reason";
    public const string BestConfiguration = "argus.tuning.best_config";

    /// <summary>On a child run: the trial number.</summary>
    public const string Trial = "argus.tuning.trial";

    /// <summary>On a FAILED child run: the exception message.</summary>
    public const string Error = "argus.tuning.error";

    /// <summary>Final metric of a child run.</summary>
    public const string LossMetric = "loss";

    public const string BestLossMetric = "best_loss";
    public const string BestTrialMetric = "best_trial";
    public const string CompletedMetric = "trials_completed";
    public const string FailedMetric = "trials_failed";

    /// <summary>Prefix of the parent's params that hold the best configuration.</summary>
    public const string BestParamPrefix = "best.";
}
