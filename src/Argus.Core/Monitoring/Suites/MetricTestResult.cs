namespace Argus.Core.Monitoring.Suites;

/// <summary>
/// The outcome of one test: the value read, the threshold it was compared with (and the band's half-width when it was
/// a band), the condition actually applied (the default rule's when the test named none), and a one-line description.
/// </summary>
public sealed record MetricTestResult(
    string Name,
    string Metric,
    TestStatus Status,
    double? Value,
    double? Threshold,
    double? Tolerance,
    TestCondition? Condition,
    string Description);
