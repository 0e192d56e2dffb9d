namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// SciPy's <c>_cdf_distance</c> as a merge walk over the two sorted samples: for consecutive pooled values the
/// difference of the two empirical CDFs (counts ≤ value over the side's size) times the gap, summed in numpy's
/// order. Evidently's <c>wasserstein</c> divides the p = 1 distance by max(population std of the reference, 0.001);
/// its <c>ed</c> is <c>scipy.stats.energy_distance</c> = √2 × the p = 2 distance, unscaled.
/// </summary>
internal static class CdfDistance
{
    private const double MinimumNorm = 0.001;

    public static double WassersteinNormed(NumericSamples samples)
    {
        var norm = Math.Max(Math.Sqrt(NumpySum.PopulationVariance(samples.Reference)), MinimumNorm);
        return Distance(samples.SortedReference, samples.SortedCurrent, squared: false) / norm;
    }

    public static double Energy(NumericSamples samples) =>
        Math.Sqrt(2) * Math.Sqrt(Distance(samples.SortedReference, samples.SortedCurrent, squared: true));

    /// <summary>Σ |F_u − F_v|·Δ (or Σ (F_u − F_v)²·Δ when <paramref name="squared"/>) over the pooled values.</summary>
    /// <remarks>
    /// SciPy's terms, one per pooled value but the last: after the k-th pooled value (in ascending order) has been taken,
    /// i values of u and j of v are at most it, and the term is |i/n_u − j/n_v| times the gap to the (k+1)-th value.
    /// Inside a group of tied values the gap is 0, so the term is 0, as in SciPy. The terms are produced a numpy buffer
    /// at a time by a merge with conditional moves (the next value's side is data-dependent and unpredictable) and summed
    /// as numpy sums them.
    /// </remarks>
    public static double Distance(ReadOnlySpan<double> u, ReadOnlySpan<double> v, bool squared)
    {
        var count = u.Length + v.Length - 1;
        double nu = u.Length, nv = v.Length;
        var buffer = new double[Math.Min(count, NumpySum.BufferSize)];
        var total = 0.0;
        var filled = 0;
        int i = 0, j = 0;
        var previous = Take(u, v, ref i, ref j);
        for (var k = 0; k < count; k++)
        {
            var diff = (i / nu) - (j / nv);
            var next = Take(u, v, ref i, ref j);
            var delta = next - previous;
            buffer[filled++] = squared ? diff * diff * delta : Math.Abs(diff) * delta;
            previous = next;
            if (filled == buffer.Length)
            {
                total += NumpySum.Sum(buffer);
                filled = 0;
            }
        }

        return filled > 0 ? total + NumpySum.Sum(buffer.AsSpan(0, filled)) : total;
    }

    // The smaller of u[i] and v[j] (u first on a tie), advancing its index; an exhausted side counts as +∞.
    private static double Take(ReadOnlySpan<double> u, ReadOnlySpan<double> v, ref int i, ref int j)
    {
        var a = i < u.Length ? u[i] : double.PositiveInfinity;
        var b = j < v.Length ? v[j] : double.PositiveInfinity;
        var takeU = a <= b;
        i += takeU ? 1 : 0;
        j += takeU ? 0 : 1;
        return takeU ? a : b;
    }
}
