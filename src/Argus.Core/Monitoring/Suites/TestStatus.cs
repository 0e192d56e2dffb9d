namespace Argus.Core.Monitoring.Suites;

/// <summary>The outcome of one test, as Evidently names them.</summary>
public enum TestStatus
{
    /// <summary>The condition holds.</summary>
    Success,

    /// <summary>A critical test's condition does not hold.</summary>
    Fail,

    /// <summary>A non-critical test's condition does not hold.</summary>
    Warning,

    /// <summary>The test could not be evaluated (a missing metric, reference or rule).</summary>
    Error,
}
