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
    public static double Distance(ReadOnlySpan<double> u, ReadOnlySpan<double> v, bool squared)
    {
        var count = u.Length + v.Length - 1;
        var source = new Terms(u, v, squared);
        return NumpySum.Sum(ref source, count);
    }

    /// <summary>
    /// SciPy's terms, one per pooled value but the last: inside a group of tied values the gap to the next value is
    /// 0, so the term is 0; the last value of a group carries |F_u − F_v| (or its square) times the gap to the next
    /// group.
    /// </summary>
    private ref struct Terms : ITermSource
    {
        private readonly double _nu;
        private readonly double _nv;
        private readonly bool _squared;
        private TieGroups _groups;
        private int _pendingZeros;

        public Terms(ReadOnlySpan<double> u, ReadOnlySpan<double> v, bool squared)
        {
            _nu = u.Length;
            _nv = v.Length;
            _squared = squared;
            _groups = new TieGroups(u, v);
            _groups.MoveNext();
            _pendingZeros = _groups.Ties - 1;
        }

        public double Next()
        {
            if (_pendingZeros > 0)
            {
                _pendingZeros--;
                return 0.0;
            }

            var value = _groups.Value;
            var diff = (_groups.EndA / _nu) - (_groups.EndB / _nv);
            _groups.MoveNext();
            _pendingZeros = _groups.Ties - 1;
            var delta = _groups.Value - value;
            return _squared ? diff * diff * delta : Math.Abs(diff) * delta;
        }
    }
}
