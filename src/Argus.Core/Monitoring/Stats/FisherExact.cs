using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// Evidently's <c>fisher_exact</c>: SciPy's two-sided Fisher exact test on the 2×2 table
/// [[current "1", current "0"], [reference "1", reference "0"]]. Like Evidently it needs equal sizes and a binary
/// column. The two-sided p-value follows <c>scipy.stats.fisher_exact</c> step by step (mode, relative tolerance
/// 1e-14, binary search for the far tail). Hypergeometric probabilities are computed as ratios from the mode and
/// normalised by their sum, with each ratio formed from the same integer products whichever side of the mode it
/// is on, so that a symmetric table (equal row sums, which Evidently always has) gives exactly symmetric
/// probabilities and SciPy's tie test sees the ties it should.
/// </summary>
internal static class FisherExact
{
    private const double Epsilon = 1e-14;

    public static double PValue(CategoricalSamples samples)
    {
        var present = samples.Present;
        if (samples.ReferenceSize != samples.CurrentSize)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"fisher_exact needs reference and current of the same size (after dropping missing values), but they have {samples.ReferenceSize} and {samples.CurrentSize} rows.");
        }

        if (present.Length > 2)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"fisher_exact needs a binary column, but reference and current together hold {present.Length} categories.");
        }

        var one = present[0];
        long oneCurrent = samples.CurrentCounts[one];
        long oneReference = samples.ReferenceCounts[one];
        return TwoSided(oneCurrent, samples.CurrentSize - oneCurrent, oneReference, samples.ReferenceSize - oneReference);
    }

    /// <summary><c>scipy.stats.fisher_exact([[a, b], [c, d]])</c>, the two-sided p-value.</summary>
    public static double TwoSided(long a, long b, long c, long d)
    {
        if (a + c == 0 || b + d == 0 || a + b == 0 || c + d == 0)
        {
            return 1.0;
        }

        var n1 = a + b;
        var n2 = c + d;
        var n = a + c;
        var h = new Hypergeometric(n1 + n2, n1, n);
        var mode = (n + 1) * (n1 + 1) / (n1 + n2 + 2);
        var pExact = h.Pmf(a);
        var pMode = h.Pmf(mode);
        const double gamma = 1 + Epsilon;
        double p;
        if (Math.Abs(pExact - pMode) / Math.Max(pExact, pMode) <= Epsilon)
        {
            return 1.0;
        }

        if (a < mode)
        {
            var pLower = h.Cdf(a);
            if (h.Pmf(n) > pExact * gamma)
            {
                return pLower;
            }

            var guess = BinarySearch(x => -h.Pmf(x), -pExact * gamma, mode, n);
            p = pLower + h.Sf(guess);
        }
        else
        {
            var pUpper = h.Sf(a - 1);
            if (h.Pmf(0) > pExact * gamma)
            {
                return pUpper;
            }

            var guess = BinarySearch(h.Pmf, pExact * gamma, 0, mode);
            p = pUpper + h.Cdf(guess);
        }

        return Math.Min(p, 1.0);
    }

    /// <summary>SciPy's <c>_binary_search_for_binom_tst</c>: i in [lo, hi] with f(i) ≤ d &lt; f(i + 1).</summary>
    private static long BinarySearch(Func<long, double> f, double d, long lo, long hi)
    {
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var midValue = f(mid);
            if (midValue < d)
            {
                lo = mid + 1;
            }
            else if (midValue > d)
            {
                hi = mid - 1;
            }
            else
            {
                return mid;
            }
        }

        return f(lo) <= d ? lo : lo - 1;
    }

    /// <summary>The hypergeometric distribution of successes in <c>draws</c> draws from <c>total</c> items of which <c>good</c> are successes.</summary>
    private sealed class Hypergeometric
    {
        private readonly long _low;
        private readonly double[] _mass;
        private readonly double _total;

        public Hypergeometric(long total, long good, long draws)
        {
            var bad = total - good;
            _low = Math.Max(0, draws - bad);
            var high = Math.Min(good, draws);
            _mass = new double[high - _low + 1];
            var mode = Math.Clamp((draws + 1) * (good + 1) / (total + 2), _low, high);
            _mass[mode - _low] = 1.0;
            for (var k = mode; k < high; k++)
            {
                // f(k+1)/f(k) = (good−k)(draws−k) / ((k+1)(bad−draws+k+1))
                _mass[k + 1 - _low] = _mass[k - _low] * Ratio((good - k) * (draws - k), (k + 1) * (bad - draws + k + 1));
            }

            for (var k = mode; k > _low; k--)
            {
                // f(k−1)/f(k) = k(bad−draws+k) / ((good−k+1)(draws−k+1))
                _mass[k - 1 - _low] = _mass[k - _low] * Ratio(k * (bad - draws + k), (good - k + 1) * (draws - k + 1));
            }

            _total = NumpySum.Sum(_mass);
        }

        public double Pmf(long k) => k < _low || k >= _low + _mass.Length ? 0.0 : _mass[k - _low] / _total;

        public double Cdf(long k)
        {
            var sum = 0.0;
            var end = Math.Min(k, _low + _mass.Length - 1);
            for (var i = _low; i <= end; i++)
            {
                sum += _mass[i - _low];
            }

            return Math.Min(sum / _total, 1.0);
        }

        public double Sf(long k)
        {
            var sum = 0.0;
            for (var i = Math.Max(k + 1, _low); i < _low + _mass.Length; i++)
            {
                sum += _mass[i - _low];
            }

            return Math.Min(sum / _total, 1.0);
        }

        private static double Ratio(long numerator, long denominator) => numerator / (double)denominator;
    }
}
