namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// <c>np.polyfit(x, y, deg)</c>: the least-squares polynomial, highest power first, solved as numpy does it on the
/// column-scaled Vandermonde matrix (here by Householder QR rather than LAPACK's SVD; both give the
/// least-squares solution of a full-rank system).
/// </summary>
internal static class LeastSquares
{
    public static double[] PolyFit(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int degree)
    {
        var rows = x.Length;
        var cols = degree + 1;
        var a = new double[rows, cols];
        var scale = new double[cols];
        for (var c = 0; c < cols; c++)
        {
            var power = degree - c;
            var sumSquares = 0.0;
            for (var r = 0; r < rows; r++)
            {
                a[r, c] = Math.Pow(x[r], power);
                sumSquares += a[r, c] * a[r, c];
            }

            scale[c] = Math.Sqrt(sumSquares);
            for (var r = 0; r < rows; r++)
            {
                a[r, c] /= scale[c];
            }
        }

        var b = y.ToArray();
        for (var c = 0; c < cols; c++)
        {
            var norm = 0.0;
            for (var r = c; r < rows; r++)
            {
                norm += a[r, c] * a[r, c];
            }

            norm = Math.Sqrt(norm);
            var alpha = a[c, c] > 0 ? -norm : norm;
            var v = new double[rows];
            v[c] = a[c, c] - alpha;
            for (var r = c + 1; r < rows; r++)
            {
                v[r] = a[r, c];
            }

            var vv = 0.0;
            for (var r = c; r < rows; r++)
            {
                vv += v[r] * v[r];
            }

            if (vv == 0)
            {
                continue;
            }

            for (var k = c; k < cols; k++)
            {
                var dot = 0.0;
                for (var r = c; r < rows; r++)
                {
                    dot += v[r] * a[r, k];
                }

                var f = 2 * dot / vv;
                for (var r = c; r < rows; r++)
                {
                    a[r, k] -= f * v[r];
                }
            }

            var dotB = 0.0;
            for (var r = c; r < rows; r++)
            {
                dotB += v[r] * b[r];
            }

            var fb = 2 * dotB / vv;
            for (var r = c; r < rows; r++)
            {
                b[r] -= fb * v[r];
            }
        }

        var coefficients = new double[cols];
        for (var c = cols - 1; c >= 0; c--)
        {
            var sum = b[c];
            for (var k = c + 1; k < cols; k++)
            {
                sum -= a[c, k] * coefficients[k];
            }

            coefficients[c] = sum / a[c, c];
        }

        for (var c = 0; c < cols; c++)
        {
            coefficients[c] /= scale[c];
        }

        return coefficients;
    }
}
