using Argus.Core.Errors;
using MathNet.Numerics.LinearAlgebra;

namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// Evidently's <c>es</c>: <c>scipy.stats.epps_singleton_2samp(ref, cur)</c> with t = (0.4, 0.8) scaled by the
/// semi-interquartile range of the pooled data, the empirical characteristic function at those points, the
/// pseudo-inverse of the pooled covariance estimate, the small-sample correction below 25 values, and
/// p = chi2.sf(W, rank). Evidently refuses a pooled IQR of zero; so does this.
/// </summary>
internal static class EppsSingleton
{
    private const int MinimumSize = 5;
    private static readonly double[] Points = [0.4, 0.8];

    public static double PValue(NumericSamples samples)
    {
        var x = samples.Reference;
        var y = samples.Current;
        int nx = x.Length, ny = y.Length;
        if (nx < MinimumSize || ny < MinimumSize)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"es (Epps-Singleton) needs at least {MinimumSize} values on each side; reference has {nx} and current {ny}.");
        }

        var iqr = Percentiles.Linear(samples.SortedReference, samples.SortedCurrent, 0.75)
            - Percentiles.Linear(samples.SortedReference, samples.SortedCurrent, 0.25);
        if (iqr == 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                "es (Epps-Singleton) needs variability: the interquartile range of reference and current together is zero.");
        }

        var sigma = iqr / 2;
        var ts = new double[Points.Length];
        for (var i = 0; i < ts.Length; i++)
        {
            ts[i] = Points[i] / sigma;
        }

        var dims = 2 * ts.Length;
        var (meanX, covX) = CharacteristicMoments(x, ts);
        var (meanY, covY) = CharacteristicMoments(y, ts);
        var n = nx + ny;
        var est = Matrix<double>.Build.Dense(dims, dims);
        for (var r = 0; r < dims; r++)
        {
            for (var c = 0; c < dims; c++)
            {
                est[r, c] = ((n / (double)nx) * covX[r, c]) + ((n / (double)ny) * covY[r, c]);
            }
        }

        var (inverse, rank) = PseudoInverse(est);
        var diff = new double[dims];
        for (var i = 0; i < dims; i++)
        {
            diff[i] = meanX[i] - meanY[i];
        }

        var w = 0.0;
        for (var r = 0; r < dims; r++)
        {
            var row = 0.0;
            for (var c = 0; c < dims; c++)
            {
                row += inverse[r, c] * diff[c];
            }

            w += diff[r] * row;
        }

        w *= n;
        if (Math.Max(nx, ny) < 25)
        {
            var corr = 1.0 / (1.0 + Math.Pow(n, -0.45) + (10.1 * (Math.Pow(nx, -1.7) + Math.Pow(ny, -1.7))));
            w = corr * w;
        }

        return Distributions.ChiSquareSf(w, rank);
    }

    /// <summary>The column means and biased covariance of g(x) = (cos(t₁x), cos(t₂x), sin(t₁x), sin(t₂x)).</summary>
    private static (double[] Mean, double[,] Covariance) CharacteristicMoments(ReadOnlySpan<double> values, double[] ts)
    {
        var dims = 2 * ts.Length;
        var n = values.Length;
        var g = new double[dims][];
        for (var d = 0; d < dims; d++)
        {
            g[d] = new double[n];
        }

        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < ts.Length; k++)
            {
                var arg = ts[k] * values[i];
                g[k][i] = Math.Cos(arg);
                g[ts.Length + k][i] = Math.Sin(arg);
            }
        }

        var mean = new double[dims];
        for (var d = 0; d < dims; d++)
        {
            mean[d] = NumpySum.Mean(g[d]);
        }

        var centred = new double[dims][];
        for (var d = 0; d < dims; d++)
        {
            centred[d] = new double[n];
            for (var i = 0; i < n; i++)
            {
                centred[d][i] = g[d][i] - mean[d];
            }
        }

        var covariance = new double[dims, dims];
        var products = new double[n];
        for (var r = 0; r < dims; r++)
        {
            for (var c = r; c < dims; c++)
            {
                for (var i = 0; i < n; i++)
                {
                    products[i] = centred[r][i] * centred[c][i];
                }

                covariance[r, c] = covariance[c, r] = NumpySum.Sum(products) * (1.0 / n);
            }
        }

        return (mean, covariance);
    }

    /// <summary>
    /// <c>np.linalg.pinv</c> (singular values below 1e-15 × the largest dropped) and the rank SciPy then reads from
    /// <c>matrix_rank</c> of that pseudo-inverse.
    /// </summary>
    private static (double[,] Inverse, int Rank) PseudoInverse(Matrix<double> matrix)
    {
        var svd = matrix.Svd(computeVectors: true);
        var s = svd.S;
        var u = svd.U;
        var vt = svd.VT;
        var dims = matrix.RowCount;
        var max = 0.0;
        foreach (var value in s)
        {
            max = Math.Max(max, value);
        }

        var cutoff = 1e-15 * max;
        var inverse = new double[dims, dims];
        var kept = new List<double>();
        for (var k = 0; k < s.Count; k++)
        {
            if (s[k] <= cutoff)
            {
                continue;
            }

            var reciprocal = 1.0 / s[k];
            kept.Add(reciprocal);
            for (var r = 0; r < dims; r++)
            {
                for (var c = 0; c < dims; c++)
                {
                    inverse[r, c] += vt[k, r] * reciprocal * u[c, k];
                }
            }
        }

        // matrix_rank(pinv): singular values of the pseudo-inverse above max · dims · eps.
        var largest = kept.Count == 0 ? 0 : kept.Max();
        var tolerance = largest * dims * 2.220446049250313e-16;
        var rank = 0;
        foreach (var value in kept)
        {
            if (value > tolerance)
            {
                rank++;
            }
        }

        return (inverse, rank);
    }
}
