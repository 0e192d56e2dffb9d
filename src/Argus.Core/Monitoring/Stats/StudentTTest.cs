namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// Evidently's <c>t_test</c>: <c>scipy.stats.ttest_ind(ref, cur)</c>, Student's two-sided t-test with pooled variance
/// (means and variances computed as SciPy does: numpy sums, variance = mean squared deviation × n/(n − 1)).
/// </summary>
internal static class StudentTTest
{
    public static double PValue(NumericSamples samples)
    {
        var a = samples.Reference;
        var b = samples.Current;
        double n1 = a.Length, n2 = b.Length;
        var v1 = NumpySum.PopulationVariance(a) * (n1 / (n1 - 1));
        var v2 = NumpySum.PopulationVariance(b) * (n2 / (n2 - 1));
        var df = n1 + n2 - 2.0;
        var svar = (((n1 - 1) * v1) + ((n2 - 1) * v2)) / df;
        var denom = Math.Sqrt(svar * ((1.0 / n1) + (1.0 / n2)));
        var t = (NumpySum.Mean(a) - NumpySum.Mean(b)) / denom;
        return Distributions.StudentTLowerTail(df, -Math.Abs(t)) * 2;
    }
}
