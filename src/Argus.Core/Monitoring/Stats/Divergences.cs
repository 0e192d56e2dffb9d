namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// The share-based distances, each on Evidently's binned shares (<see cref="BinnedShares"/>): Jensen-Shannon
/// (<c>scipy.spatial.distance.jensenshannon</c>, natural log, on unfilled shares), Kullback-Leibler
/// (<c>scipy.stats.entropy</c>, which renormalises both sides, on zero-filled shares) and PSI (Σ (r − c)·ln(r/c) on
/// zero-filled shares, not renormalised).
/// </summary>
internal static class Divergences
{
    public static double JensenShannon(NumericSamples samples)
    {
        var (reference, current) = BinnedShares.Of(samples, fillZeroes: false);
        return JensenShannon(reference, current);
    }

    public static double JensenShannon(CategoricalSamples samples)
    {
        var (reference, current) = BinnedShares.Of(samples, fillZeroes: false);
        return JensenShannon(reference, current);
    }

    public static double KullbackLeibler(NumericSamples samples)
    {
        var (reference, current) = BinnedShares.Of(samples, fillZeroes: true);
        return Entropy(reference, current);
    }

    public static double KullbackLeibler(CategoricalSamples samples)
    {
        var (reference, current) = BinnedShares.Of(samples, fillZeroes: true);
        return Entropy(reference, current);
    }

    public static double PopulationStabilityIndex(NumericSamples samples)
    {
        var (reference, current) = BinnedShares.Of(samples, fillZeroes: true);
        return Psi(reference, current);
    }

    public static double PopulationStabilityIndex(CategoricalSamples samples)
    {
        var (reference, current) = BinnedShares.Of(samples, fillZeroes: true);
        return Psi(reference, current);
    }

    /// <summary><c>scipy.special.rel_entr</c>.</summary>
    public static double RelativeEntropy(double x, double y)
    {
        if (x > 0 && y > 0)
        {
            return x * Math.Log(x / y);
        }

        return x == 0 && y >= 0 ? 0.0 : double.PositiveInfinity;
    }

    private static double JensenShannon(double[] p, double[] q)
    {
        Normalise(p);
        Normalise(q);
        var left = new double[p.Length];
        var right = new double[p.Length];
        for (var i = 0; i < p.Length; i++)
        {
            var m = (p[i] + q[i]) / 2.0;
            left[i] = RelativeEntropy(p[i], m);
            right[i] = RelativeEntropy(q[i], m);
        }

        var js = NumpySum.Sum(left) + NumpySum.Sum(right);
        return Math.Sqrt(js / 2.0);
    }

    private static double Entropy(double[] p, double[] q)
    {
        Normalise(p);
        Normalise(q);
        var terms = new double[p.Length];
        for (var i = 0; i < p.Length; i++)
        {
            terms[i] = RelativeEntropy(p[i], q[i]);
        }

        return NumpySum.Sum(terms);
    }

    private static double Psi(double[] reference, double[] current)
    {
        var terms = new double[reference.Length];
        for (var i = 0; i < terms.Length; i++)
        {
            terms[i] = (reference[i] - current[i]) * Math.Log(reference[i] / current[i]);
        }

        return NumpySum.Sum(terms);
    }

    private static void Normalise(double[] values)
    {
        var total = NumpySum.Sum(values);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= total;
        }
    }
}
