namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// The survival function of the two-sided one-sample Kolmogorov-Smirnov statistic D_n, as
/// <c>scipy.stats.kstwo.sf(d, n)</c> computes it (<c>_kolmogn</c> in scipy/stats/_ksstats.py, after Simard and
/// L'Ecuyer): Ruben-Gambino closed forms at the ends, the Durbin matrix (Marsaglia-Tsang-Wang), Pomeranz's
/// recursion or 2 × the one-sided Smirnov tail for n ≤ 140, and for larger n the Smirnov tail, the Durbin matrix
/// or the Pelz-Good expansion, with SciPy's cut-overs. The one-sided Smirnov tail follows SciPy's
/// <c>_smirnov3</c> (cephes kolmogorov.c) in ordinary double precision, its terms in logarithms.
/// </summary>
internal static class KolmogorovDistribution
{
    private const int Exponent128 = 128;
    private const double MinLog = -708;
    private const double CephesMinLog = -7.451332191019412076235e2;
    private const int SmirnovMaxComputeN = 1_000_000;
    private const int SmirnovUpperMaxTerms = 3;
    private const int SmirnovUpperSumMinN = 10;
    private const double MachineEpsilon = 2.220446049250313e-16;

    private static readonly double Ep128 = Math.ScaleB(1.0, Exponent128);
    private static readonly double Em128 = Math.ScaleB(1.0, -Exponent128);
    private static readonly double Sqrt2Pi = Math.Sqrt(2 * Math.PI);
    private static readonly double Log2Pi = Math.Log(2 * Math.PI);
    private static readonly double PiSquared = Math.PI * Math.PI;
    private static readonly double PiFour = Math.Pow(Math.PI, 4);
    private static readonly double PiSix = Math.Pow(Math.PI, 6);
    private static readonly double Sqrt3 = Math.Sqrt(3);

    private static readonly double[] StirlingCoefficients =
    [
        -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
    ];

    /// <summary><c>kstwo.sf(x, n)</c>: Pr(D_n &gt; x), 1 for x ≤ 0.5/n and 0 for x ≥ 1.</summary>
    public static double Sf(double x, double n)
    {
        if (double.IsNaN(x) || double.IsNaN(n) || n < 1 || n != Math.Round(n))
        {
            return double.NaN;
        }

        if (x <= 0.5 / n)
        {
            return 1.0;
        }

        if (x >= 1.0)
        {
            return 0.0;
        }

        return Kolmogn((int)n, x);
    }

    private static double Clip(double p) => Math.Clamp(p, 0.0, 1.0);

    /// <summary><c>_kolmogn(n, x, cdf=False)</c>.</summary>
    private static double Kolmogn(int n, double x)
    {
        var t = n * x;
        if (t <= 1.0)
        {
            if (t <= 0.5)
            {
                return 1.0;
            }

            double prob;
            if (n <= 140)
            {
                prob = 1.0;
                for (var i = 1; i <= n; i++)
                {
                    prob *= i * (1.0 / n) * ((2 * t) - 1);
                }
            }
            else
            {
                prob = Math.Exp(LogNFactorialOverNPowerN(n) + (n * Math.Log((2 * t) - 1)));
            }

            return Clip(1.0 - prob);
        }

        if (t >= n - 1)
        {
            return Clip(2 * Math.Pow(1.0 - x, n));
        }

        if (x >= 0.5)
        {
            return Clip(2 * SmirnovSf(n, x));
        }

        var nxSquared = t * x;
        if (n <= 140)
        {
            if (nxSquared <= 0.754693)
            {
                return Clip(1.0 - DurbinMatrix(n, x));
            }

            if (nxSquared <= 4)
            {
                return Clip(1.0 - Pomeranz(n, x));
            }

            return Clip(2 * SmirnovSf(n, x));
        }

        if (nxSquared >= 370.0)
        {
            return 0.0;
        }

        if (nxSquared >= 2.2)
        {
            return Clip(2 * SmirnovSf(n, x));
        }

        var cdf = n <= 100000 && n * Math.Pow(x, 1.5) <= 1.4 ? DurbinMatrix(n, x) : PelzGood(n, x);
        return Clip(1.0 - cdf);
    }

    /// <summary>log(n!/nⁿ) by Stirling's series with n·log n removed up front (<c>_log_nfactorial_div_n_pow_n</c>).</summary>
    private static double LogNFactorialOverNPowerN(int n)
    {
        var rn = 1.0 / n;
        return (Math.Log(n) / 2) - n + (Log2Pi / 2) + (rn * PolyVal(StirlingCoefficients, rn / n));
    }

    private static double PolyVal(ReadOnlySpan<double> coefficients, double x)
    {
        var y = 0.0;
        foreach (var c in coefficients)
        {
            y = (y * x) + c;
        }

        return y;
    }

    /// <summary><c>_kolmogn_DMTW</c>: Pr(D_n ≤ d) as the k-th diagonal entry of (n!/nⁿ)·Hⁿ, with scaling.</summary>
    private static double DurbinMatrix(int n, double d)
    {
        if (d >= 1.0)
        {
            return 1.0;
        }

        var nd = n * d;
        if (nd <= 0.5)
        {
            return 0.0;
        }

        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = (2 * k) - 1;
        var hm = new double[m, m];
        var v = new double[m];
        var w = new double[m];
        var fac = 1.0;
        for (var j = 1; j <= m; j++)
        {
            v[j - 1] = 1.0 - Math.Pow(h, j);
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] *= fac;
        }

        var tt = Math.Pow(Math.Max((2 * h) - 1.0, 0), m) - (2 * Math.Pow(h, m));
        v[m - 1] = (1.0 + tt) * fac;
        for (var i = 1; i < m; i++)
        {
            for (var r = i - 1; r < m; r++)
            {
                hm[r, i] = w[r - (i - 1)];
            }
        }

        for (var r = 0; r < m; r++)
        {
            hm[r, 0] = v[r];
        }

        for (var c = 0; c < m; c++)
        {
            hm[m - 1, c] = v[m - 1 - c];
        }

        var power = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            power[i, i] = 1.0;
        }

        var nn = n;
        var exponent = 0;
        var hExponent = 0;
        while (nn > 0)
        {
            if (nn % 2 != 0)
            {
                power = Multiply(power, hm);
                exponent += hExponent;
            }

            hm = Multiply(hm, hm);
            hExponent *= 2;
            if (Math.Abs(hm[k - 1, k - 1]) > Ep128)
            {
                Scale(hm, Em128);
                hExponent += Exponent128;
            }

            nn /= 2;
        }

        var p = power[k - 1, k - 1];
        for (var i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < Em128)
            {
                p *= Ep128;
                exponent -= Exponent128;
            }
        }

        if (exponent != 0)
        {
            p = Math.ScaleB(p, exponent);
        }

        return Clip(p);
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var m = a.GetLength(0);
        var result = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            for (var k = 0; k < m; k++)
            {
                var aik = a[i, k];
                if (aik == 0)
                {
                    continue;
                }

                for (var j = 0; j < m; j++)
                {
                    result[i, j] += aik * b[k, j];
                }
            }
        }

        return result;
    }

    private static void Scale(double[,] a, double factor)
    {
        var m = a.GetLength(0);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < m; j++)
            {
                a[i, j] *= factor;
            }
        }
    }

    private static (int J1, int J2) PomeranzBounds(int i, int n, int ll, int ceilf, int roundf)
    {
        int j1, j2;
        if (i == 0)
        {
            j1 = -ll - ceilf - 1;
            j2 = ll + ceilf - 1;
        }
        else
        {
            var ip1div2 = (i + 1) / 2;
            var ip1mod2 = (i + 1) % 2;
            if (ip1mod2 == 0)
            {
                if (ip1div2 == n + 1)
                {
                    j1 = n - ll - ceilf - 1;
                    j2 = n + ll + ceilf - 1;
                }
                else
                {
                    j1 = ip1div2 - 1 - ll - roundf - 1;
                    j2 = ip1div2 + ll - 1 + ceilf - 1;
                }
            }
            else
            {
                j1 = ip1div2 - 1 - ll - 1;
                j2 = ip1div2 + ll + roundf - 1;
            }
        }

        return (Math.Max(j1 + 2, 0), Math.Min(j2, n));
    }

    /// <summary><c>_kolmogn_Pomeranz</c>: Pr(D_n ≤ x) by Pomeranz's recursion.</summary>
    private static double Pomeranz(int n, double x)
    {
        var t = n * x;
        var ll = (int)Math.Floor(t);
        var f = 1.0 * (t - ll);
        var g = Math.Min(f, 1.0 - f);
        var ceilf = f > 0 ? 1 : 0;
        var roundf = f > 0.5 ? 1 : 0;
        var npwrs = 2 * (ll + 1);
        var gpower = new double[npwrs];
        var twogpower = new double[npwrs];
        var onem2gpower = new double[npwrs];
        gpower[0] = 1.0;
        twogpower[0] = 1.0;
        onem2gpower[0] = 1.0;
        var exponent = 0;
        double gOverN = g / n, twoGOverN = 2 * g / n, oneMinusTwoGOverN = (1 - (2 * g)) / n;
        for (var m = 1; m < npwrs; m++)
        {
            gpower[m] = gpower[m - 1] * gOverN / m;
            twogpower[m] = twogpower[m - 1] * twoGOverN / m;
            onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
        }

        var v0 = new double[npwrs];
        var v1 = new double[npwrs];
        v1[0] = 1;
        int v0s = 0, v1s = 0;
        var (j1, _) = PomeranzBounds(0, n, ll, ceilf, roundf);
        for (var i = 1; i < (2 * n) + 2; i++)
        {
            var k1 = j1;
            (v0, v1) = (v1, v0);
            (v0s, v1s) = (v1s, v0s);
            Array.Clear(v1);
            int j2;
            (j1, j2) = PomeranzBounds(i, n, ll, ceilf, roundf);
            var pwrs = i == 1 || i == (2 * n) + 1 ? gpower : (i % 2 != 0 ? twogpower : onem2gpower);
            var ln2 = j2 - k1 + 1;
            if (ln2 > 0)
            {
                var convStart = j1 - k1;
                var convLen = j2 - j1 + 1;
                var offset = k1 - v0s;
                var max = 0.0;
                for (var c = 0; c < convLen; c++)
                {
                    // np.convolve(V0[offset:offset+ln2], pwrs[:ln2])[convStart + c]
                    var index = convStart + c;
                    var sum = 0.0;
                    var from = Math.Max(0, index - (ln2 - 1));
                    var to = Math.Min(index, ln2 - 1);
                    for (var q = from; q <= to; q++)
                    {
                        sum += v0[offset + q] * pwrs[index - q];
                    }

                    v1[c] = sum;
                    max = Math.Max(max, sum);
                }

                if (max > 0 && max < Em128)
                {
                    for (var c = 0; c < v1.Length; c++)
                    {
                        v1[c] *= Ep128;
                    }

                    exponent -= Exponent128;
                }

                v1s = v0s + j1 - k1;
            }
        }

        var ans = v1[n - v1s];
        for (var m = 1; m <= n; m++)
        {
            if (Math.Abs(ans) > Ep128)
            {
                ans *= Em128;
                exponent += Exponent128;
            }

            ans *= m;
        }

        if (exponent != 0)
        {
            ans = Math.ScaleB(ans, exponent);
        }

        return Clip(ans);
    }

    /// <summary><c>_kolmogn_PelzGood</c>: the Pelz-Good approximation to Pr(D_n ≤ x).</summary>
    private static double PelzGood(int n, double x)
    {
        if (x <= 0.0)
        {
            return 0.0;
        }

        if (x >= 1.0)
        {
            return 1.0;
        }

        var z = Math.Sqrt(n) * x;
        double zsquared = z * z, zthree = Math.Pow(z, 3), zfour = Math.Pow(z, 4), zsix = Math.Pow(z, 6);
        var qlog = -PiSquared / 8 / zsquared;
        if (qlog < MinLog)
        {
            return 0.0;
        }

        var q = Math.Exp(qlog);
        var k1a = -zsquared;
        var k1b = PiSquared / 4;
        var k2a = (6 * zsix) + (2 * zfour);
        var k2b = ((2 * zfour) - (5 * zsquared)) * PiSquared / 4;
        var k2c = PiFour * (1 - (2 * zsquared)) / 16;
        var k3d = PiSix * (5 - (30 * zsquared)) / 64;
        var k3c = PiFour * ((-60 * zsquared) + (212 * zfour)) / 16;
        var k3b = PiSquared * ((135 * zfour) - (96 * zsix)) / 4;
        var k3a = (-30 * zsix) - (90 * Math.Pow(z, 8));
        Span<double> k0to3 = stackalloc double[4];
        var maxk = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxk; k > 0; k--)
        {
            var m = (2 * k) - 1;
            var m2 = (long)m * m;
            double msquared = m2, mfour = m2 * m2, msix = m2 * m2 * m2;
            var qpower = Math.Pow(q, 8 * k);
            k0to3[0] = (k0to3[0] * qpower) + 1.0;
            k0to3[1] = (k0to3[1] * qpower) + (k1a + (k1b * msquared));
            k0to3[2] = (k0to3[2] * qpower) + (k2a + (k2b * msquared) + (k2c * mfour));
            k0to3[3] = (k0to3[3] * qpower) + (k3a + (k3b * msquared) + (k3c * mfour) + (k3d * msix));
        }

        for (var i = 0; i < 4; i++)
        {
            k0to3[i] *= q;
            k0to3[i] *= Sqrt2Pi;
        }

        k0to3[0] /= z;
        k0to3[1] /= 6 * zfour;
        k0to3[2] /= 72 * Math.Pow(z, 7);
        k0to3[3] /= 6480 * Math.Pow(z, 10);

        q = Math.Exp(-PiSquared / 2 / zsquared);
        var sqrt3z = Sqrt3 * z;
        var k2extra = 0.0;
        var k3extra = 0.0;
        for (var k = maxk; k > 0; k--)
        {
            var ksquared = (double)k * k;
            var qpower = Math.Pow(q, ksquared);
            var kspi = Math.PI * k;
            k2extra += ksquared * qpower;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksquared * qpower;
        }

        k2extra *= PiSquared * Sqrt2Pi / (-36 * zthree);
        k0to3[2] += k2extra;
        k3extra *= PiSquared * Sqrt2Pi / (216 * zsix);
        k0to3[3] += k3extra;
        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            sum += k0to3[i] / Math.Pow(n * 1.0, i / 2.0);
        }

        return sum;
    }

    /// <summary>
    /// The one-sided Smirnov survival function Pr(D⁺_n ≥ x), following <c>_smirnov3</c>: closed forms for x ≤ 1/n and
    /// x ≥ 1 − 1/n, the e^{−(6nx+1)²/18n} approximation above 10⁶, else the Birnbaum-Tingey sum from the lower or
    /// the upper end with SciPy's early stop.
    /// </summary>
    internal static double SmirnovSf(int n, double x)
    {
        if (!(n > 0 && x >= 0.0 && x <= 1.0))
        {
            return double.NaN;
        }

        if (n == 1)
        {
            return 1 - x;
        }

        if (x == 0.0)
        {
            return 1.0;
        }

        if (x == 1.0)
        {
            return 0.0;
        }

        var alpha = ModNX(n, x, out var nxfl, out var nx);
        var n1mxfl = n - nxfl - (alpha == 0 ? 0 : 1);
        var n1mxceil = n - nxfl;
        if (alpha == 0)
        {
            n1mxfl -= 1;
            n1mxceil += 1;
        }

        if (nxfl == 0 || (nxfl == 1 && alpha == 0))
        {
            var t = Math.Exp((n - 1) * Log1P(x));
            return Math.Clamp(1 - (x * t), 0, 1);
        }

        if (-2 * n * x * x < CephesMinLog)
        {
            return 0;
        }

        if (nxfl >= n - 1)
        {
            return Math.Clamp(Math.Exp(n * Log1P(-x)), 0, 1);
        }

        if (n > SmirnovMaxComputeN)
        {
            var logp = -Math.Pow((6.0 * n * x) + 1.0, 2) / 18.0 / n;
            return Math.Clamp(Math.Exp(logp), 0, 1);
        }

        var nUpperTerms = n - n1mxceil + 1;
        var useUpperSum = (nUpperTerms <= 1 && x < 0.5)
            || (n >= SmirnovUpperSumMinN && nUpperTerms <= SmirnovUpperMaxTerms && x <= 0.5 / Math.Sqrt(n));
        int start = 0, step = 1, nTerms = n1mxfl + 1;
        double first;
        if (useUpperSum)
        {
            start = n;
            step = -1;
            nTerms = n - n1mxceil + 1;
            first = Math.Exp((n - 1) * Log1P(x));
        }
        else
        {
            first = Math.Exp(n * Log1P(-x)) / x;
        }

        var sum = first;
        var vmid = n / 2;
        var logBinomial = 0.0;
        for (var j = 1; j < nTerms; j++)
        {
            // C(n, j) built up as a running log; the term for v uses C(n, v) = C(n, j).
            logBinomial += Math.Log((n - (j - 1)) / (double)j);
            var v = start + (j * step);
            var t2x = (n - v - nxfl - alpha) / n;
            var t1x = (nxfl + v + alpha) / n;
            // Towards the upper end 1 − x − v/n turns negative and the terms alternate in sign.
            var logTerm = logBinomial + ((n - v) * Math.Log(Math.Abs(t2x))) + ((v - 1) * Math.Log(t1x));
            var sign = t2x < 0 && (n - v) % 2 != 0 ? -1.0 : 1.0;
            var term = t2x == 0 ? 0.0 : sign * Math.Exp(logTerm);
            if (double.IsFinite(term) && term != 0)
            {
                sum += term;
            }

            if (term != 0)
            {
                if (4.0 * (nTerms - j) * Math.Abs(term) < MachineEpsilon * sum && j != nTerms - 1)
                {
                    break;
                }
            }
            else if (j > vmid)
            {
                break;
            }
        }

        var prob = x * sum;
        return Math.Clamp(step < 0 ? 1 - prob : prob, 0, 1);
    }

    /// <summary>log(1 + x) accurate for small x (Goldberg's correction; .NET's LogP1 is log(x + 1)).</summary>
    private static double Log1P(double x)
    {
        var u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>floor(n·x) and its fractional part, exactly (SciPy's <c>modNX</c>).</summary>
    private static double ModNX(int n, double x, out int nxFloor, out double nx)
    {
        var hi = n * x;
        var lo = Math.FusedMultiplyAdd(n, x, -hi);
        var floor = Math.Floor(hi);
        double alpha;
        if (floor == hi)
        {
            if (lo < 0)
            {
                floor -= 1;
                alpha = 1 + lo;
            }
            else
            {
                alpha = lo;
            }
        }
        else
        {
            alpha = (hi - floor) + lo;
        }

        if (alpha >= 1)
        {
            floor += 1;
            alpha = 0;
        }
        else if (alpha < 0)
        {
            floor -= 1;
            alpha += 1;
        }

        nxFloor = (int)floor;
        nx = hi;
        return alpha;
    }
}
