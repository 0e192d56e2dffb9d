using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// <c>scipy.stats.anderson_ksamp([ref, cur])</c> (midrank version) as Evidently uses it: the Scholz-Stephens A²akN
/// statistic from one walk over the distinct pooled values, normalised, and the approximate significance level
/// interpolated (quadratic fit of log significance against the critical values, as SciPy's <c>polyfit</c>) and
/// floored at 0.001 / capped at 0.25 as SciPy does.
/// </summary>
internal static class AndersonDarling
{
    private const double Cap = 0.25;
    private const double Floor = 0.001;

    private static readonly double[] B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
    private static readonly double[] B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
    private static readonly double[] B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
    private static readonly double[] Significance = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
    private static readonly double[] Critical = CriticalValues();
    private static readonly double[] Fit = LeastSquares.PolyFit(Critical, LogSignificance(), 2);

    /// <summary>The approximate significance level (element [2] of SciPy's result).</summary>
    public static double PValue(NumericSamples samples)
    {
        var a2 = Statistic(samples.SortedReference, samples.SortedCurrent);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var c in Critical)
        {
            min = Math.Min(min, c);
            max = Math.Max(max, c);
        }

        if (a2 < min)
        {
            return Cap;
        }

        if (a2 > max)
        {
            return Floor;
        }

        var y = 0.0;
        foreach (var c in Fit)
        {
            y = (y * a2) + c;
        }

        return Math.Exp(y);
    }

    /// <summary>The normalised statistic (A²kN − (k − 1)) / σ for k = 2 samples.</summary>
    internal static double Statistic(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        long n0 = x.Length, n1 = y.Length, n = n0 + n1;
        var distinct = NumericSamples.CountDistinctUnion(x, y);
        if (distinct < 2)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                "anderson needs more than one distinct value in reference and current together.");
        }

        if (n < 3)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"anderson needs at least three values in reference and current together; there are {n}.");
        }

        var allDistinct = distinct == n;
        var source0 = new MidrankTerms(x, y, forFirst: true, allDistinct);
        var a2akn = 0.0;
        a2akn += NumpySum.Sum(ref source0, distinct) / n0;
        var source1 = new MidrankTerms(x, y, forFirst: false, allDistinct);
        a2akn += NumpySum.Sum(ref source1, distinct) / n1;
        a2akn *= (n - 1.0) / n;

        var hTerms = new double[] { 1.0 / n0, 1.0 / n1 };
        var bigH = NumpySum.Sum(hTerms);
        var gSource = new HarmonicTerms(n);
        var g = NumpySum.Sum(ref gSource, n - 2);
        var h = gSource.CumulativeSum + 1;
        const int k = 2;
        var a = (((4 * g) - 6) * (k - 1)) + ((10 - (6 * g)) * bigH);
        var b = (((2 * g) - 4) * k * k) + (8 * h * k) + (((2 * g) - (14 * h) - 4) * bigH) - (8 * h) + (4 * g) - 6;
        var c = (((6 * h) + (2 * g) - 2) * k * k) + (((4 * h) - (4 * g) + 6) * k) + (((2 * h) - 6) * bigH) + (4 * h);
        var d = (((2 * h) + 6) * k * k) - (4 * h * k);
        // Python multiplies by the exact integers N³ and N², each rounded once to a double.
        var nCubed = (double)((Int128)n * n * n);
        var nSquared = (double)((Int128)n * n);
        var sigmaSquared = ((a * nCubed) + (b * nSquared) + (c * n) + d) / ((n - 1.0) * (n - 2.0) * (n - 3.0));
        return (a2akn - (k - 1)) / Math.Sqrt(sigmaSquared);
    }

    private static double[] CriticalValues()
    {
        // m = k − 1 = 1, so b0 + b1/√m + b2/m.
        var critical = new double[B0.Length];
        for (var i = 0; i < critical.Length; i++)
        {
            critical[i] = B0[i] + (B1[i] / Math.Sqrt(1)) + (B2[i] / 1);
        }

        return critical;
    }

    private static double[] LogSignificance()
    {
        var result = new double[Significance.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Math.Log(Significance[i]);
        }

        return result;
    }

    /// <summary>
    /// The terms of <c>inner</c> in SciPy's <c>_anderson_ksamp_midrank</c> for one sample, one per distinct pooled
    /// value z*: lj/N · (N·Mij − Bj·ni)² / (Bj·(N − Bj) − N·lj/4).
    /// </summary>
    private ref struct MidrankTerms(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool forFirst, bool allDistinct) : ITermSource
    {
        private readonly double _bigN = x.Length + y.Length;
        private readonly double _ni = forFirst ? x.Length : y.Length;
        private TieGroups _groups = new(x, y);

        public double Next()
        {
            _groups.MoveNext();
            var lj = allDistinct ? 1.0 : _groups.Ties;
            var bj = _groups.Below + (lj / 2.0);
            var upTo = forFirst ? _groups.EndA : _groups.EndB;
            var tied = forFirst ? _groups.EndA - _groups.StartA : _groups.EndB - _groups.StartB;
            var mij = upTo - (tied / 2.0);
            var diff = (_bigN * mij) - (bj * _ni);
            return lj / _bigN * (diff * diff) / ((bj * (_bigN - bj)) - (_bigN * lj / 4.0));
        }
    }

    /// <summary>The terms hs_cs[t] / (t + 2) of SciPy's <c>g</c>, with hs_cs the running sum of 1/(N−1), 1/(N−2), …, 1/2.</summary>
    private struct HarmonicTerms(long n) : ITermSource
    {
        private long _t;

        public double CumulativeSum { get; private set; }

        public double Next()
        {
            CumulativeSum += 1.0 / (n - 1 - _t);
            var term = CumulativeSum / (_t + 2);
            _t++;
            return term;
        }
    }
}
