namespace Argus.Core.Monitoring.Stats;

/// <summary>The outcome of one stat test on one column.</summary>
/// <param name="StatTest">The test's registry name (Evidently's name, e.g. <c>ks</c>).</param>
/// <param name="Score">The p-value or distance; NaN when the test is undefined for the data (never drift).</param>
/// <param name="Threshold">The threshold the score was compared with.</param>
/// <param name="Drifted">Whether the score crossed the threshold under the test's <see cref="DriftRule"/>.</param>
public sealed record StatTestResult(string StatTest, double Score, double Threshold, bool Drifted);
