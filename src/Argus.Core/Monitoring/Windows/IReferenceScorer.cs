using Argus.Core.Data;

namespace Argus.Core.Monitoring.Windows;

/// <summary>
/// Scores the reference with a model version, so a monitoring window compares like with like: the reference gets the
/// same <see cref="WindowTable.PredictionColumn"/> the window has (prediction drift, equal column counts, and the
/// reference's own model metrics for the test suite's learned thresholds).
/// </summary>
public interface IReferenceScorer
{
    /// <summary>
    /// The first raw output per reference row of <paramref name="model"/> version <paramref name="version"/>: what the
    /// inference log keeps as a row's prediction (the value for regression, the positive class's probability for a
    /// binary classifier).
    /// </summary>
    Task<double[]> PredictAsync(string model, string version, Table reference, CancellationToken cancellationToken);
}
