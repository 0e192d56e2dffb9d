using Argus.Core.Data;

namespace Argus.XGBoost.Training;

/// <summary>What <c>argus tune</c> does: a CSV, a search space, a budget, and where to track it.</summary>
public sealed record TuningRequest
{
    public required string DataPath { get; init; }

    public string? Target { get; init; }

    public string? MappingPath { get; init; }

    /// <summary>A search-space file (JSON, or YAML with the same shape); null uses <see cref="TuningJob.DefaultSpaceJson"/>.</summary>
    public string? SpacePath { get; init; }

    /// <value>50 trials.</value>
    public int MaxEvals { get; init; } = 50;

    /// <value>tpe (also random, grid).</value>
    public string Algorithm { get; init; } = "tpe";

    /// <value>1 trial at a time.</value>
    public int Parallelism { get; init; } = 1;

    public TimeSpan? Timeout { get; init; }

    public int? StopAfterNoImprovement { get; init; }

    /// <summary>
    /// The validation metric trials are judged by (XGBoost's <c>eval_metric</c>: rmse, mae, logloss, error, auc, …); the
    /// best retrained model stops early on it too. Metrics better when larger (auc, aucpr, map, ndcg) are maximised.
    /// </summary>
    /// <value>null: the objective's default (rmse for regression, logloss or mlogloss for classification).</value>
    public string? EvalMetric { get; init; }

    /// <value>0, for the sampler; the split keeps its own seed.</value>
    public int Seed { get; init; }

    /// <value>100 boosting rounds per trial.</value>
    public int Rounds { get; init; } = 100;

    /// <value>10 rounds without validation improvement.</value>
    public int? EarlyStoppingRounds { get; init; } = 10;

    public SplitOptions Split { get; init; } = new();

    public string? Experiment { get; init; }

    /// <summary>
    /// Continue the search under this parent run: finished trials are kept and not repeated, numbering
    /// continues, and <see cref="MaxEvals"/> counts them. The space must be the one the search started with.
    /// </summary>
    public string? ResumeParentRunId { get; init; }
}
