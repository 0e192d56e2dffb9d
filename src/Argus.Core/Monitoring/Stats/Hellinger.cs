namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// Evidently's Hellinger distance. Categorical: BC = Σ √(p_ref·p_cur) over the categories, H = √(1 − clip(BC)).
/// Numerical: Sturges edges over the <em>distinct</em> values of reference ∪ current (so the bin count follows the
/// number of distinct values, not of rows), density histograms of each side, BC = Σ √(h1·h2)·bin width.
/// </summary>
internal static class Hellinger
{
    public static double Distance(CategoricalSamples samples)
    {
        var present = samples.Present;
        var bc = 0.0;
        foreach (var code in present)
        {
            var p1 = samples.ReferenceCounts[code] / (double)samples.ReferenceSize;
            var p2 = samples.CurrentCounts[code] / (double)samples.CurrentSize;
            bc += Math.Sqrt(p1 * p2);
        }

        return Math.Sqrt(1 - Math.Clamp(bc, 0, 1));
    }

    public static double Distance(NumericSamples samples)
    {
        var sortedReference = samples.SortedReference;
        var sortedCurrent = samples.SortedCurrent;
        var min = Math.Min(sortedReference[0], sortedCurrent[0]);
        var max = Math.Max(sortedReference[^1], sortedCurrent[^1]);
        var edges = NumpyHistogram.SturgesEdges(min, max, samples.DistinctCount);
        var h1 = Density(NumpyHistogram.Counts(sortedReference, edges), edges);
        var h2 = Density(NumpyHistogram.Counts(sortedCurrent, edges), edges);
        var binWidth = (edges[^1] - edges[0]) / (edges.Length - 1);
        var bc = 0.0;
        for (var i = 0; i < h1.Length; i++)
        {
            bc += Math.Sqrt(h1[i] * h2[i]) * binWidth;
        }

        return Math.Sqrt(1 - Math.Clamp(bc, 0, 1));
    }

    private static double[] Density(long[] counts, double[] edges)
    {
        var total = 0L;
        foreach (var c in counts)
        {
            total += c;
        }

        var density = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            density[i] = counts[i] / (edges[i + 1] - edges[i]) / total;
        }

        return density;
    }
}
