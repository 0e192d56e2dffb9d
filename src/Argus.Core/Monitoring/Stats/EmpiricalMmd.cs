using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// Evidently's <c>empirical_mmd</c>: an RBF-kernel maximum mean discrepancy with σ = √(0.5 · median) of the
/// reference×reference squared distances (numpy's "nearest" percentile, diagonal included; σ = √0.5 when that is
/// 0), the (n+m)² kernel matrix with its diagonal zeroed, and the p-value of 100 permutations drawn with
/// <c>np.random.permutation</c> from numpy's legacy generator (Evidently relies on the global seed; here it is
/// given). Every distance, kernel value and block sum is evaluated as numpy evaluates it — same formula,
/// same summation order — because permuted statistics often tie with the observed one. Kernel values come from
/// the platform <c>exp</c>; numpy builds that use Intel SVML (AVX-512) round some of them differently.
/// Like Evidently's, the cost is quadratic, so the pooled size is limited to <see cref="MaxPooledSize"/>.
/// </summary>
internal static class EmpiricalMmd
{
    /// <summary>The number of permutations Evidently draws.</summary>
    public const int Permutations = 100;

    /// <summary>The largest reference + current size accepted (the kernel work grows with its square).</summary>
    public const int MaxPooledSize = 4000;

    private const int MaxTableSize = 2048;

    public static double PValue(NumericSamples samples, uint seed)
    {
        var (observed, permuted) = Statistics(samples, seed);
        var atLeast = 0;
        foreach (var statistic in permuted)
        {
            if (observed <= statistic)
            {
                atLeast++;
            }
        }

        return atLeast / (double)permuted.Length;
    }

    /// <summary>The observed MMD² and the <see cref="Permutations"/> permuted ones, in draw order.</summary>
    internal static (double Observed, double[] Permuted) Statistics(NumericSamples samples, uint seed)
    {
        var x = samples.Reference;
        var y = samples.Current;
        int nx = x.Length, ny = y.Length, n = nx + ny;
        if (nx < 2 || ny < 2)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"empirical_mmd needs at least two values on each side; reference has {nx} and current {ny}.");
        }

        if (n > MaxPooledSize)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"empirical_mmd works on the full (n+m)² kernel matrix, as Evidently does, and is limited to {MaxPooledSize} values in reference and current together; this column has {n}. Use another test (e.g. wasserstein or ks) or a sample.");
        }

        var values = new double[n];
        x.CopyTo(values);
        y.CopyTo(values.AsSpan(nx));
        var sigma = SigmaMedian(x);
        var gamma = 1.0 / (2.0 * (sigma * sigma));
        var kernel = new Kernel(values, nx, gamma);

        var index = new int[n];
        for (var i = 0; i < n; i++)
        {
            index[i] = i;
        }

        var observed = Statistic(kernel, index, nx, ny, columnMajor: false);
        var random = new LegacyRandomState(seed);
        var permuted = new double[Permutations];
        for (var p = 0; p < Permutations; p++)
        {
            random.Permutation(index);
            permuted[p] = Statistic(kernel, index, nx, ny, columnMajor: true);
        }

        return (observed, permuted);
    }

    /// <summary>
    /// Evidently's <c>sigma_median</c> of the reference×reference distances: √(0.5 · the element at index
    /// round_half_even(0.5·(n²−1)) of the sorted n² values), or √0.5 when that is 0.
    /// </summary>
    internal static double SigmaMedian(ReadOnlySpan<double> x)
    {
        var n = x.Length;
        var distances = new double[(long)n * n];
        var k = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                distances[k++] = SquaredDistance(x[i], x[j]);
            }
        }

        var kth = (long)Math.Round(0.5 * (distances.Length - 1), MidpointRounding.ToEven);
        var median = Select(distances, (int)kth);
        var sigma = Math.Pow(0.5 * median, 0.5);
        return sigma == 0 ? Math.Pow(0.5 * 1, 0.5) : sigma;
    }

    /// <summary>numpy's <c>doty.T − 2·np.dot(x, y.T) + dotx</c> for one pair: (q² − 2·p·q) + p² with p the row value.</summary>
    private static double SquaredDistance(double row, double column) => ((column * column) - (2 * (row * column))) + (row * row);

    /// <summary>
    /// Evidently's <c>mmd_2samp</c> on the kernel matrix reordered by <paramref name="index"/>. numpy sums each block
    /// in memory order, and <c>K[index][:, index]</c> comes out Fortran-ordered, so permuted blocks are summed column
    /// by column (<paramref name="columnMajor"/>) while the original, C-ordered matrix is summed row by row.
    /// </summary>
    private static double Statistic(Kernel kernel, int[] index, int nx, int ny, bool columnMajor)
    {
        var a = 1 / ((double)nx * (nx - 1));
        var b = 1 / ((double)ny * (ny - 1));
        var xx = new Block(kernel, index, 0, nx, 0, nx, columnMajor);
        var yy = new Block(kernel, index, nx, ny, nx, ny, columnMajor);
        var xy = new Block(kernel, index, nx, ny, 0, nx, columnMajor);
        var sumXx = NumpySum.Sum(ref xx, (long)nx * nx);
        var sumYy = NumpySum.Sum(ref yy, (long)ny * ny);
        var meanXy = NumpySum.Sum(ref xy, (long)nx * ny) / ((double)nx * ny);
        return (a * sumXx) + (b * sumYy) - (2.0 * meanXy);
    }

    private static double Select(double[] values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var pivot = Median3(values[lo], values[mid], values[hi]);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    private static double Median3(double a, double b, double c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));

    /// <summary>
    /// The zero-diagonal kernel matrix [[Kxx, Kxy], [Kxyᵀ, Kyy]] as Evidently assembles it. Kxy's entries are
    /// computed with the reference value as the row value, also where they appear transposed. Values are looked up in
    /// a table over the distinct values when there are few of them, else computed on demand.
    /// </summary>
    private sealed class Kernel
    {
        private readonly double[] _values;
        private readonly int _nx;
        private readonly double _negativeGamma;
        private readonly int[]? _codes;
        private readonly double[]? _table;
        private readonly int _distinct;

        public Kernel(double[] values, int nx, double gamma)
        {
            _values = values;
            _nx = nx;
            _negativeGamma = -gamma;
            var distinct = new Dictionary<double, int>();
            var codes = new int[values.Length];
            for (var i = 0; i < values.Length && distinct.Count <= MaxTableSize; i++)
            {
                if (!distinct.TryGetValue(values[i], out var code))
                {
                    code = distinct.Count;
                    distinct[values[i]] = code;
                }

                codes[i] = code;
            }

            if (distinct.Count > MaxTableSize)
            {
                return;
            }

            _distinct = distinct.Count;
            var levels = new double[_distinct];
            foreach (var (value, code) in distinct)
            {
                levels[code] = value;
            }

            _table = new double[_distinct * _distinct];
            for (var p = 0; p < _distinct; p++)
            {
                for (var q = 0; q < _distinct; q++)
                {
                    _table[(p * _distinct) + q] = Math.Exp(_negativeGamma * SquaredDistance(levels[p], levels[q]));
                }
            }

            _codes = codes;
        }

        public double this[int a, int b]
        {
            get
            {
                if (a == b)
                {
                    return 0.0;
                }

                // Rows of the lower-left block are current values, but its entries are Kxy transposed.
                var (row, column) = a >= _nx && b < _nx ? (b, a) : (a, b);
                if (_table is not null)
                {
                    return _table[(_codes![row] * _distinct) + _codes[column]];
                }

                return Math.Exp(_negativeGamma * SquaredDistance(_values[row], _values[column]));
            }
        }
    }

    /// <summary>The entries of one block of the reordered kernel matrix, in C order or column by column.</summary>
    private struct Block(Kernel kernel, int[] index, int rowStart, int rows, int columnStart, int columns, bool columnMajor) : ITermSource
    {
        private int _outer;
        private int _inner;

        public double Next()
        {
            double value;
            if (columnMajor)
            {
                value = kernel[index[rowStart + _inner], index[columnStart + _outer]];
                if (++_inner == rows)
                {
                    _inner = 0;
                    _outer++;
                }
            }
            else
            {
                value = kernel[index[rowStart + _outer], index[columnStart + _inner]];
                if (++_inner == columns)
                {
                    _inner = 0;
                    _outer++;
                }
            }

            return value;
        }
    }
}
