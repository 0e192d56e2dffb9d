using Argus.Core.Data;

namespace Argus.XGBoost.Training;

/// <summary>What <c>argus train</c> does: a CSV, its target, XGBoost parameters, and where to track it.</summary>
public sealed record TrainingRequest
{
    /// <summary>The CSV file to train on.</summary>
    public required string DataPath { get; init; }

    /// <summary>The target column; overrides the mapping's.</summary>
    public string? Target { get; init; }

    /// <summary>A column mapping file (YAML or JSON).</summary>
    public string? MappingPath { get; init; }

    /// <summary>XGBoost parameters by their XGBoost names (max_depth, learning_rate or eta, subsample, …).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <value>100 boosting rounds.</value>
    public int Rounds { get; init; } = 100;

    /// <summary>Stop when the validation metric has not improved for this many rounds; null trains every round.</summary>
    /// <value>10</value>
    public int? EarlyStoppingRounds { get; init; } = 10;

    /// <value>70 / 15 / 15, seed 42; stratified for classification.</value>
    public SplitOptions Split { get; init; } = new();

    /// <summary>Experiment name; null means "Default".</summary>
    public string? Experiment { get; init; }

    public string? RunName { get; init; }

    /// <summary>Extra run tags, e.g. <c>mlflow.parentRunId</c> to nest the run under a tuning search.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}
