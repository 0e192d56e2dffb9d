namespace Argus.Core.Tuning;

/// <summary>
/// A one-dimensional Gaussian mixture fitted as Hyperopt's <c>adaptive_parzen_normal</c> does (hyperopt/tpe.py):
/// one component per observation plus one prior component, bandwidths from neighbour distances, optionally
/// truncated to [low, high) (all in model space: log space for log distributions).
/// </summary>
internal sealed class ParzenEstimator
{
    private const int MaxRejections = 10_000;
    private const double MassFloor = 1e-300;

    private readonly double[] _weights;
    private readonly double[] _mus;
    private readonly double[] _sigmas;
    private readonly double _logAccept;

    private ParzenEstimator(double[] weights, double[] mus, double[] sigmas, double low, double high)
    {
        _weights = weights;
        _mus = mus;
        _sigmas = sigmas;
        Low = low;
        High = high;
        var accept = 0.0;
        for (var i = 0; i < mus.Length; i++)
        {
            accept += weights[i] * Gaussian.Mass((low - mus[i]) / sigmas[i], (high - mus[i]) / sigmas[i]);
        }

        _logAccept = Math.Log(Math.Max(accept, MassFloor));
    }

    public double Low { get; }

    public double High { get; }

    internal ReadOnlySpan<double> Weights => _weights;

    internal ReadOnlySpan<double> Mus => _mus;

    internal ReadOnlySpan<double> Sigmas => _sigmas;

    /// <summary>
    /// Fits the mixture. <paramref name="observations"/> are in chronological order (linear forgetting
    /// down-weights the oldest when there are more than <paramref name="linearForgetting"/>; 0 disables it).
    /// </summary>
    public static ParzenEstimator Fit(
        ReadOnlySpan<double> observations, double priorWeight, double priorMu, double priorSigma,
        int linearForgetting, double low, double high)
    {
        var n = observations.Length;
        var m = n + 1;
        var mus = new double[m];
        var sigmas = new double[m];
        var weights = new double[m];
        int priorPos;
        if (n == 0)
        {
            priorPos = 0;
            mus[0] = priorMu;
            sigmas[0] = priorSigma;
        }
        else if (n == 1)
        {
            priorPos = priorMu < observations[0] ? 0 : 1;
            mus[priorPos] = priorMu;
            sigmas[priorPos] = priorSigma;
            mus[1 - priorPos] = observations[0];
            sigmas[1 - priorPos] = priorSigma * 0.5;
        }
        else
        {
            var order = new int[n];
            for (var i = 0; i < n; i++)
            {
                order[i] = i;
            }

            var keys = observations.ToArray();
            Array.Sort(keys, order);

            // np.searchsorted(side='left'): the prior goes before observations equal to it.
            priorPos = 0;
            while (priorPos < n && keys[priorPos] < priorMu)
            {
                priorPos++;
            }

            for (var i = 0; i < m; i++)
            {
                mus[i] = i < priorPos ? keys[i] : i == priorPos ? priorMu : keys[i - 1];
            }

            for (var i = 1; i < m - 1; i++)
            {
                sigmas[i] = Math.Max(mus[i] - mus[i - 1], mus[i + 1] - mus[i]);
            }

            sigmas[0] = mus[1] - mus[0];
            sigmas[m - 1] = mus[m - 1] - mus[m - 2];

            if (linearForgetting > 0 && linearForgetting < n)
            {
                var chronological = LinearForgettingWeights(n, linearForgetting);
                for (var i = 0; i < m; i++)
                {
                    weights[i] = i < priorPos ? chronological[order[i]] : i == priorPos ? priorWeight : chronological[order[i - 1]];
                }
            }
        }

        if (!(linearForgetting > 0 && linearForgetting < n && n >= 2))
        {
            Array.Fill(weights, 1.0);
            weights[priorPos] = priorWeight;
        }

        // Hyperopt's "magic formula": minsigma = prior_sigma / min(100, 1 + len(srtd_mus)).
        var maxSigma = priorSigma;
        var minSigma = priorSigma / Math.Min(100.0, 1.0 + m);
        var total = 0.0;
        for (var i = 0; i < m; i++)
        {
            sigmas[i] = Math.Clamp(sigmas[i], minSigma, maxSigma);
            total += weights[i];
        }

        sigmas[priorPos] = priorSigma;
        for (var i = 0; i < m; i++)
        {
            weights[i] /= total;
        }

        return new ParzenEstimator(weights, mus, sigmas, low, high);
    }

    /// <summary>Hyperopt's <c>linear_forgetting_weights</c>: a ramp from 1/N for the oldest, flat 1 for the newest LF.</summary>
    internal static double[] LinearForgettingWeights(int n, int linearForgetting)
    {
        var weights = new double[n];
        if (n < linearForgetting)
        {
            Array.Fill(weights, 1.0);
            return weights;
        }

        var rampLength = n - linearForgetting;
        var start = 1.0 / n;
        for (var i = 0; i < rampLength; i++)
        {
            // np.linspace(1/N, 1, num=rampLength)
            weights[i] = rampLength == 1 ? start : start + ((1.0 - start) * i / (rampLength - 1));
        }

        for (var i = rampLength; i < n; i++)
        {
            weights[i] = 1.0;
        }

        return weights;
    }

    /// <summary>A draw in model space: pick a component by weight, draw from it, reject outside [low, high).</summary>
    public double Sample(Random random)
    {
        for (var attempt = 0; attempt < MaxRejections; attempt++)
        {
            var u = random.NextDouble();
            var k = 0;
            var cumulative = _weights[0];
            while (u >= cumulative && k < _weights.Length - 1)
            {
                k++;
                cumulative += _weights[k];
            }

            var draw = _mus[k] + (_sigmas[k] * Gaussian.Sample(random));
            if (Low <= draw && draw < High)
            {
                return draw;
            }
        }

        // Practically unreachable: every component's mean lies in the bounds and sigma is at most their width.
        return Math.Clamp(_mus[0], Low, High);
    }

    /// <summary>Log density at <paramref name="y"/> (model space) of the truncated mixture.</summary>
    public double LogDensity(double y)
    {
        var max = double.NegativeInfinity;
        Span<double> terms = _mus.Length <= 256 ? stackalloc double[_mus.Length] : new double[_mus.Length];
        for (var i = 0; i < _mus.Length; i++)
        {
            var z = (y - _mus[i]) / _sigmas[i];
            terms[i] = Math.Log(_weights[i]) - Math.Log(_sigmas[i]) - Gaussian.LogSqrt2Pi - (0.5 * z * z);
            max = Math.Max(max, terms[i]);
        }

        var sum = 0.0;
        foreach (var term in terms)
        {
            sum += Math.Exp(term - max);
        }

        return max + Math.Log(sum) - _logAccept;
    }

    /// <summary>Log probability of the interval (<paramref name="lower"/>, <paramref name="upper"/>] (model space), for quantized values.</summary>
    public double LogMass(double lower, double upper)
    {
        var mass = 0.0;
        for (var i = 0; i < _mus.Length; i++)
        {
            mass += _weights[i] * Gaussian.Mass((lower - _mus[i]) / _sigmas[i], (upper - _mus[i]) / _sigmas[i]);
        }

        return Math.Log(Math.Max(mass, MassFloor)) - _logAccept;
    }
}
