namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// Evidently's <c>get_binned_data</c>, shared by PSI, Kullback-Leibler and Jensen-Shannon. A numerical column whose
/// reference has more than 20 distinct values is cut into Sturges bins computed on reference and current together;
/// anything else gets one bucket per distinct value of reference ∪ current. Each side's shares are count / size.
/// Evidently's <c>n_bins</c> argument is never passed on (its issue #1400), so there is none here either.
/// </summary>
internal static class BinnedShares
{
    private const int MaxReferenceDistinctForBuckets = 20;

    /// <summary>The reference and current shares of a numerical column, optionally zero-filled.</summary>
    public static (double[] Reference, double[] Current) Of(NumericSamples samples, bool fillZeroes)
    {
        double[] reference, current;
        if (samples.ReferenceDistinctCount > MaxReferenceDistinctForBuckets)
        {
            var sortedReference = samples.SortedReference;
            var sortedCurrent = samples.SortedCurrent;
            var min = Math.Min(sortedReference[0], sortedCurrent[0]);
            var max = Math.Max(sortedReference[^1], sortedCurrent[^1]);
            var edges = NumpyHistogram.SturgesEdges(min, max, (long)sortedReference.Length + sortedCurrent.Length);
            reference = Shares(NumpyHistogram.Counts(sortedReference, edges), sortedReference.Length);
            current = Shares(NumpyHistogram.Counts(sortedCurrent, edges), sortedCurrent.Length);
        }
        else
        {
            (reference, current) = Of(samples.AsCategories(), fillZeroes: false);
        }

        if (fillZeroes)
        {
            FillZeroes(reference);
            FillZeroes(current);
        }

        return (reference, current);
    }

    /// <summary>The reference and current shares of a categorical column, one bucket per present category.</summary>
    public static (double[] Reference, double[] Current) Of(CategoricalSamples samples, bool fillZeroes)
    {
        var present = samples.Present;
        var reference = new double[present.Length];
        var current = new double[present.Length];
        for (var k = 0; k < present.Length; k++)
        {
            reference[k] = samples.ReferenceCounts[present[k]] / (double)samples.ReferenceSize;
            current[k] = samples.CurrentCounts[present[k]] / (double)samples.CurrentSize;
        }

        if (fillZeroes)
        {
            FillZeroes(reference);
            FillZeroes(current);
        }

        return (reference, current);
    }

    /// <summary>
    /// Evidently's zero fill, applied to each side on its own: zeros become min_nonzero / 10⁶ when the smallest
    /// non-zero share is ≤ 10⁻⁴, else 10⁻⁴. Nothing is renormalised.
    /// </summary>
    public static void FillZeroes(Span<double> shares)
    {
        var minNonZero = double.PositiveInfinity;
        foreach (var s in shares)
        {
            if (s != 0 && s < minNonZero)
            {
                minNonZero = s;
            }
        }

        var fill = minNonZero <= 0.0001 ? minNonZero / 1e6 : 0.0001;
        for (var i = 0; i < shares.Length; i++)
        {
            if (shares[i] == 0)
            {
                shares[i] = fill;
            }
        }
    }

    private static double[] Shares(long[] counts, int size)
    {
        var shares = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            shares[i] = counts[i] / (double)size;
        }

        return shares;
    }
}
