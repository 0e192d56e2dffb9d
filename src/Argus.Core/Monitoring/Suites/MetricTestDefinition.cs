namespace Argus.Core.Monitoring.Suites;

/// <summary>
/// One test of a suite: the metric it reads (a path such as <c>regression.rmse</c> or
/// <c>quality.columns.tip.missing_share</c>), its condition (none: the default rule for that metric, see
/// <see cref="DefaultTestRules"/>), and whether a failure is critical (FAIL) or only a warning (WARNING).
/// </summary>
public sealed record MetricTestDefinition
{
    public required string Metric { get; init; }

    public TestCondition? Condition { get; init; }

    /// <summary>A failed critical test is FAIL; a failed non-critical one is WARNING.</summary>
    /// <value>true.</value>
    public bool IsCritical { get; init; } = true;

    /// <summary>A display name, unique in the suite when given; defaults to the metric and the condition.</summary>
    public string? Name { get; init; }
}
