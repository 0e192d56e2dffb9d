namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// Evidently's <c>TVD</c>: the score is not the total variation distance itself but the p-value of Evidently's
/// <c>permutation_test</c> — 1000 times, with numpy's legacy generator seeded once (Evidently seeds 0), a new
/// reference of n_ref values is drawn without replacement from reference ++ current (<c>np.random.choice</c>, i.e.
/// the first n_ref entries of a permutation) and the rest is the new current; p is the share of permuted distances
/// that are ≥ the observed one. Distances are computed in floating point exactly as Evidently computes them, in
/// ascending category order (see <see cref="CategoricalSamples"/>), because ties between permuted and observed
/// distances are common and decide the p-value. The cost is 1000 shuffles of the pooled column, O(1000·n).
/// </summary>
internal static class TotalVariation
{
    /// <summary>Evidently's iteration count for TVD.</summary>
    public const int Iterations = 1000;

    public static double PValue(CategoricalSamples samples, uint seed, int iterations = Iterations)
    {
        var observed = Distance(samples);
        var atLeast = 0;
        foreach (var distance in PermutedDistances(samples, seed, iterations))
        {
            if (observed <= Math.Abs(distance))
            {
                atLeast++;
            }
        }

        return atLeast / (double)iterations;
    }

    /// <summary>The observed total variation distance, evaluated as Evidently evaluates it.</summary>
    public static double Distance(CategoricalSamples samples)
    {
        var totals = Totals(samples);
        return Distance(samples.ReferenceCounts, totals, samples.Present, samples.ReferenceSize, samples.CurrentSize, new double[samples.Present.Length]);
    }

    /// <summary>The distances of <paramref name="iterations"/> permuted splits, in draw order.</summary>
    internal static double[] PermutedDistances(CategoricalSamples samples, uint seed, int iterations)
    {
        if (!samples.HasSequences)
        {
            throw new InvalidOperationException("TVD needs the category sequences, not only their counts.");
        }

        var present = samples.Present;
        var reference = samples.ReferenceCodes;
        var current = samples.CurrentCodes;
        int nRef = reference.Length, n = nRef + current.Length;
        var combined = new int[n];
        reference.CopyTo(combined);
        current.CopyTo(combined.AsSpan(nRef));
        var totals = Totals(samples);
        var prefix = new int[totals.Length];
        var terms = new double[present.Length];
        var random = new LegacyRandomState(seed);
        var work = new int[n];
        var distances = new double[iterations];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            combined.CopyTo(work, 0);
            samples.ReferenceCounts.CopyTo(prefix);

            // np.random.choice(combined, n_ref, replace=False) = combined[permutation(n)[:n_ref]]. Swaps at i < n_ref stay
            // inside the prefix, so they do not change its counts, but their draws must still be made.
            for (var i = n - 1; i > 0; i--)
            {
                var j = (int)random.Interval(i);
                if (i < nRef)
                {
                    continue;
                }

                if (j < nRef)
                {
                    prefix[work[j]]--;
                    prefix[work[i]]++;
                }

                (work[i], work[j]) = (work[j], work[i]);
            }

            distances[iteration] = Distance(prefix, totals, present, nRef, n - nRef, terms);
        }

        return distances;
    }

    private static int[] Totals(CategoricalSamples samples)
    {
        var totals = new int[samples.ReferenceCounts.Length];
        for (var k = 0; k < totals.Length; k++)
        {
            totals[k] = samples.ReferenceCounts[k] + samples.CurrentCounts[k];
        }

        return totals;
    }

    /// <summary>0.5 · Σ |ref/Σref − cur/Σcur| over the present categories, as Evidently evaluates it.</summary>
    private static double Distance(ReadOnlySpan<int> referenceCounts, int[] totals, ReadOnlySpan<int> present, int nRef, int nCur, double[] terms)
    {
        for (var k = 0; k < present.Length; k++)
        {
            var code = present[k];
            var r = referenceCounts[code];
            var c = totals[code] - r;
            terms[k] = Math.Abs((r / (double)nRef) - (c / (double)nCur));
        }

        return 0.5 * NumpySum.Sum(terms);
    }
}
