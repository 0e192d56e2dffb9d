namespace Argus.Core.Pipelines.Templates;

/// <summary>Choices for <see cref="RetrainTemplate.Write"/>.</summary>
public sealed record RetrainTemplateOptions
{
    /// <summary>The pipeline's name; null: <c>MODEL-retrain</c>.</summary>
    public string? Name { get; init; }

    /// <summary>How many parameter sets the tune step tries.</summary>
    /// <value>20</value>
    public int MaxEvals { get; init; } = 20;

    /// <summary>The held-out metric tuning minimises and promotion compares (<c>rmse</c>, <c>logloss</c>, <c>mae</c>, …).</summary>
    /// <value><c>rmse</c></value>
    public string Metric { get; init; } = "rmse";

    /// <summary>The seed of the tuning search, so a rerun on the same data tries the same parameters.</summary>
    /// <value>42</value>
    public int Seed { get; init; } = 42;
}
