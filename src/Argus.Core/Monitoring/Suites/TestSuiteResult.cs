namespace Argus.Core.Monitoring.Suites;

/// <summary>Every test's outcome, in the suite's order, and the summary.</summary>
public sealed record TestSuiteResult(IReadOnlyList<MetricTestResult> Tests, TestSuiteSummary Summary);
