using System.Buffers;
using System.Runtime.CompilerServices;

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
    /// Inside a group of tied values the gap is 0, so the term is 0 whatever order the ties are taken in, as in SciPy.
    /// The terms are produced a numpy buffer at a time and summed as numpy sums them. A merge is one long chain of
    /// dependent loads and compares, so each buffer is cut into <see cref="Lanes"/> stretches of the merged order
    /// (their start found by a binary search on the merge path) that are walked side by side.
    /// </remarks>
    public static double Distance(ReadOnlySpan<double> u, ReadOnlySpan<double> v, bool squared)
    {
        var count = u.Length + v.Length - 1;
        var buffer = ArrayPool<double>.Shared.Rent(Math.Min(count, NumpySum.BufferSize));
        try
        {
            var total = 0.0;
            for (var start = 0; start < count; start += NumpySum.BufferSize)
            {
                var length = Math.Min(NumpySum.BufferSize, count - start);
                Terms(u, v, squared, start, buffer.AsSpan(0, length));
                total += NumpySum.Sum(buffer.AsSpan(0, length));
            }

            return total;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    private const int Lanes = 4;

    // Terms start … start + terms.Length − 1, in lanes walked together.
    private static void Terms(ReadOnlySpan<double> u, ReadOnlySpan<double> v, bool squared, int start, Span<double> terms)
    {
        double nu = u.Length, nv = v.Length;
        var stretch = terms.Length / Lanes;
        if (stretch == 0)
        {
            var only = Lane.At(u, v, start);
            for (var k = 0; k < terms.Length; k++)
            {
                terms[k] = only.Step(u, v, nu, nv, squared);
            }

            return;
        }

        var a = Lane.At(u, v, start);
        var b = Lane.At(u, v, start + stretch);
        var c = Lane.At(u, v, start + (2 * stretch));
        var d = Lane.At(u, v, start + (3 * stretch));
        var ta = terms[..stretch];
        var tb = terms.Slice(stretch, stretch);
        var tc = terms.Slice(2 * stretch, stretch);
        var td = terms[(3 * stretch)..];
        for (var k = 0; k < stretch; k++)
        {
            ta[k] = a.Step(u, v, nu, nv, squared);
            tb[k] = b.Step(u, v, nu, nv, squared);
            tc[k] = c.Step(u, v, nu, nv, squared);
            td[k] = d.Step(u, v, nu, nv, squared);
        }

        for (var k = stretch; k < td.Length; k++)
        {
            td[k] = d.Step(u, v, nu, nv, squared);
        }
    }

    /// <summary>A walk of the merged order from one position: its counts taken from u and v, and the last value taken.</summary>
    private struct Lane
    {
        private int _i;
        private int _j;
        private double _previous;

        /// <summary>Positioned to give term <paramref name="position"/> next: that pooled value already taken.</summary>
        public static Lane At(ReadOnlySpan<double> u, ReadOnlySpan<double> v, int position)
        {
            // The merge path (u first on ties): how many of the first `position` pooled values come from u.
            int lo = Math.Max(0, position - v.Length), hi = Math.Min(position, u.Length);
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (u[mid] <= v[position - 1 - mid])
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            var lane = new Lane { _i = lo, _j = position - lo };
            lane._previous = lane.Take(u, v);
            return lane;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Step(ReadOnlySpan<double> u, ReadOnlySpan<double> v, double nu, double nv, bool squared)
        {
            var diff = (_i / nu) - (_j / nv);
            var next = Take(u, v);
            var delta = next - _previous;
            _previous = next;
            return squared ? diff * diff * delta : Math.Abs(diff) * delta;
        }

        // The smaller of u[i] and v[j] (u first on a tie), advancing its index; an exhausted side counts as +∞.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private double Take(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
        {
            var x = _i < u.Length ? u[_i] : double.PositiveInfinity;
            var y = _j < v.Length ? v[_j] : double.PositiveInfinity;
            var takeU = x <= y;
            _i += takeU ? 1 : 0;
            _j += takeU ? 0 : 1;
            return takeU ? x : y;
        }
    }
}
