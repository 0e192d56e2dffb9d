namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// A sequence of summands produced on the fly (a merge walk, a permuted kernel block), consumed in order by
/// <see cref="NumpySum"/> so that the terms never need an array of their own.
/// </summary>
internal interface ITermSource
{
    /// <summary>The next term; called exactly as many times as the sum has terms.</summary>
    double Next();
}
