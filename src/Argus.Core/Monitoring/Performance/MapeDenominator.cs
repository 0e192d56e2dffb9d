namespace Argus.Core.Monitoring.Performance;

/// <summary>The denominator of the absolute percentage error.</summary>
public enum MapeDenominator
{
    /// <summary>
    /// Evidently's <c>np.maximum(target, eps)</c>: a negative or zero target divides by float64 epsilon, so its row's
    /// percentage error is huge. Kept as the default so numbers match Evidently's reports.
    /// </summary>
    EvidentlyMaximum,

    /// <summary>scikit-learn's <c>np.maximum(abs(target), eps)</c>: the usual definition.</summary>
    Absolute,
}
