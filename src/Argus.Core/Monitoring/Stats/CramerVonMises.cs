using Argus.Core.Errors;
using MathNet.Numerics;

namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// Evidently's two-sample Cramér-von Mises test (its own port of SciPy's <c>_cvm_2samp</c>, <c>method="auto"</c>):
/// U from the mid-ranks of each sample in the pooled data, T = U/(nx·ny·N) − (4·nx·ny − 1)/(6N); the exact
/// distribution (Xiao, Gordon and Yakovlev's frequency tables) when max(nx, ny) ≤ 20, else Anderson's
/// normalisation and the limiting CvM distribution (Csörgő-Faraway series summed until a term is below 1e-7),
/// with p = 1 below 0.003.
/// </summary>
internal static class CramerVonMises
{
    private const int MaxExact = 20;

    public static double PValue(NumericSamples samples)
    {
        var xa = samples.SortedReference;
        var ya = samples.SortedCurrent;
        long nx = xa.Length, ny = ya.Length;
        if (nx <= 1 || ny <= 1)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"cramer_von_mises needs at least two values on each side; reference has {nx} and current {ny}.");
        }

        var xTerms = new RankDeviations(xa, ya, forFirst: true);
        var u = nx * NumpySum.Sum(ref xTerms, nx);
        var yTerms = new RankDeviations(xa, ya, forFirst: false);
        u += ny * NumpySum.Sum(ref yTerms, ny);
        long k = nx * ny, n = nx + ny;
        var t = (u / (double)((Int128)k * n)) - ((4.0 * k - 1) / (6.0 * n));
        if (Math.Max(nx, ny) <= MaxExact)
        {
            return ExactPValue(u, (int)nx, (int)ny);
        }

        var et = (1 + (1.0 / n)) / 6;
        var vt = (n + 1.0) * (double)((4 * (Int128)k * n) - (3 * ((nx * nx) + (ny * ny))) - (2 * k));
        vt /= (double)(45 * (Int128)n * n * 4 * k);
        var tn = (1.0 / 6) + ((t - et) / Math.Sqrt(45 * vt));
        return tn < 0.003 ? 1.0 : Math.Max(0, 1.0 - LimitingCdf(tn));
    }

    /// <summary>Evidently's <c>_cdf_cvm_inf</c>: the limiting CvM CDF as the Csörgő-Faraway series.</summary>
    internal static double LimitingCdf(double x)
    {
        var total = 0.0;
        for (var k = 0; ; k++)
        {
            var u = Math.Exp(SpecialFunctions.GammaLn(k + 0.5) - SpecialFunctions.GammaLn(k + 1)) / (Math.Pow(Math.PI, 1.5) * Math.Sqrt(x));
            var y = (4 * k) + 1;
            var q = (double)y * y / (16 * x);
            var b = SpecialFunctions.BesselK(0.25, q);
            var z = u * Math.Sqrt(y) * Math.Exp(-q) * b;
            total += z;
            if (!(Math.Abs(z) >= 1e-7))
            {
                return total;
            }
        }
    }

    /// <summary>
    /// Evidently's <c>_pval_cvm_2samp_exact(s, m, n)</c>, including its storage type: the frequency tables are held
    /// in <c>np.min_scalar_type(max(lcm²·(m+n), C(m+n, m)))</c>, and because C(m+n, m) is computed as a float that
    /// is float16 when lcm²·(m+n) &lt; C ≤ 65504 and float32 when C is larger still — so values and counts are
    /// rounded as numpy rounds them, equal rounded values merge as <c>np.intersect1d</c> merges them, and the
    /// p-value can even exceed 1. When lcm²·(m+n) is the larger the integers are exact.
    /// </summary>
    internal static double ExactPValue(double s, int m, int n)
    {
        var lcm = Lcm(m, n);
        var a = lcm / m;
        var b = lcm / n;
        long mn = (long)m * n;
        var zeta = FloorDivide((double)(lcm * lcm * (m + n)) * ((6 * s) - (mn * ((4 * mn) - 1))), 6.0 * mn * mn);
        var zetaBound = lcm * lcm * (m + n);
        var combinations = Binomial(m + n, m);
        var storage = combinations > zetaBound
            ? (combinations <= 65504 ? Storage.Half : Storage.Single)
            : Storage.Exact;

        // gs[v]: the frequency table of g⁺_{u,v} in numpy's array order (entries may repeat a value once rounded).
        var gs = new List<(double Value, double Count)>[m + 1];
        gs[0] = [(0, 1)];
        for (var v = 1; v <= m; v++)
        {
            gs[v] = [];
        }

        for (long u = 0; u <= n; u++)
        {
            var next = new List<(double Value, double Count)>[m + 1];
            var tmp = new List<(double Value, double Count)>();
            for (var v = 0; v <= m; v++)
            {
                var shift = ((a * v) - (b * u)) * ((a * v) - (b * u));
                tmp = Merge(tmp, gs[v], shift, storage);
                next[v] = tmp;
            }

            gs = next;
        }

        var selected = new List<double>();
        foreach (var (value, count) in gs[m])
        {
            if (value >= zeta)
            {
                selected.Add(count);
            }
        }

        return SumCounts(selected, storage) / combinations;
    }

    /// <summary>
    /// One step of the recursion: <c>np.intersect1d</c> of the two tables (first occurrences, ascending), their
    /// counts added, then the rest of each table in order, then <paramref name="shift"/> added to every value.
    /// </summary>
    private static List<(double Value, double Count)> Merge(
        List<(double Value, double Count)> tmp, List<(double Value, double Count)> g, long shift, Storage storage)
    {
        var firstTmp = FirstOccurrences(tmp);
        var firstG = FirstOccurrences(g);
        var common = new List<double>();
        foreach (var value in firstTmp.Keys)
        {
            if (firstG.ContainsKey(value))
            {
                common.Add(value);
            }
        }

        common.Sort();
        var usedTmp = new HashSet<int>();
        var usedG = new HashSet<int>();
        var result = new List<(double Value, double Count)>(tmp.Count + g.Count);
        foreach (var value in common)
        {
            var i0 = firstTmp[value];
            var i1 = firstG[value];
            usedTmp.Add(i0);
            usedG.Add(i1);
            result.Add((value, Round(tmp[i0].Count + g[i1].Count, storage)));
        }

        for (var i = 0; i < tmp.Count; i++)
        {
            if (!usedTmp.Contains(i))
            {
                result.Add(tmp[i]);
            }
        }

        for (var i = 0; i < g.Count; i++)
        {
            if (!usedG.Contains(i))
            {
                result.Add(g[i]);
            }
        }

        for (var i = 0; i < result.Count; i++)
        {
            result[i] = (Round(result[i].Value + shift, storage), result[i].Count);
        }

        return result;
    }

    private static Dictionary<double, int> FirstOccurrences(List<(double Value, double Count)> entries)
    {
        var first = new Dictionary<double, int>();
        for (var i = 0; i < entries.Count; i++)
        {
            first.TryAdd(entries[i].Value, i);
        }

        return first;
    }

    private static double Round(double exact, Storage storage) => storage switch
    {
        Storage.Half => (double)(Half)exact,
        Storage.Single => (float)exact,
        _ => exact,
    };

    /// <summary><c>np.sum</c> of the selected counts in their storage type (numpy sums float16 in float32 blocks).</summary>
    private static double SumCounts(List<double> counts, Storage storage)
    {
        if (storage == Storage.Exact)
        {
            var exact = 0.0;
            foreach (var c in counts)
            {
                exact += c;
            }

            return exact;
        }

        var total = 0f;
        for (var start = 0; start < counts.Count; start += NumpySum.BufferSize)
        {
            var block = PairwiseSingle(counts, start, Math.Min(NumpySum.BufferSize, counts.Count - start));
            total = storage == Storage.Half ? (float)(Half)(total + block) : total + block;
        }

        return total;
    }

    private static float PairwiseSingle(List<double> a, int start, int n)
    {
        if (n < 8)
        {
            var res = 0f;
            for (var i = 0; i < n; i++)
            {
                res += (float)a[start + i];
            }

            return res;
        }

        if (n <= 128)
        {
            Span<float> r = stackalloc float[8];
            for (var k = 0; k < 8; k++)
            {
                r[k] = (float)a[start + k];
            }

            var i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                for (var k = 0; k < 8; k++)
                {
                    r[k] += (float)a[start + i + k];
                }
            }

            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++)
            {
                res += (float)a[start + i];
            }

            return res;
        }

        var n2 = n / 2;
        n2 -= n2 % 8;
        return PairwiseSingle(a, start, n2) + PairwiseSingle(a, start + n2, n - n2);
    }

    /// <summary>Python's float floor division (numpy's <c>npy_divmod</c>).</summary>
    private static double FloorDivide(double a, double b)
    {
        var mod = a % b;
        var div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0))
        {
            div -= 1.0;
        }

        if (div == 0)
        {
            return Math.CopySign(0, a / b);
        }

        var floor = Math.Floor(div);
        return div - floor > 0.5 ? floor + 1.0 : floor;
    }

    private static double Binomial(int n, int k)
    {
        // Exact in 64 bits for n ≤ 40 (the exact path has n ≤ 40), then one rounding as Python's int / int.
        long result = 1;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }

    private static long Lcm(long a, long b)
    {
        long x = a, y = b;
        while (y != 0)
        {
            (x, y) = (y, x % y);
        }

        return a / x * b;
    }

    private enum Storage
    {
        Exact,
        Half,
        Single,
    }

    /// <summary>(r_i − i)² for each value of one sample, r_i its mid-rank in the pooled data and i its 1-based rank in the sample.</summary>
    private ref struct RankDeviations(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool forFirst) : ITermSource
    {
        private TieGroups _groups = new(x, y);
        private int _emitted;
        private int _groupEnd;
        private double _rank;

        public double Next()
        {
            while (_emitted >= _groupEnd)
            {
                _groups.MoveNext();
                _rank = 0.5 * ((2 * _groups.Below) + _groups.Ties + 1);
                _groupEnd = forFirst ? _groups.EndA : _groups.EndB;
            }

            _emitted++;
            var d = _rank - _emitted;
            return d * d;
        }
    }
}
