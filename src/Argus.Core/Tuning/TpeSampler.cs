using Argus.Core.Errors;

namespace Argus.Core.Tuning;

/// <summary>
/// The Tree-structured Parzen Estimator as Hyperopt implements it (hyperopt/tpe.py; Bergstra et al. 2011).
/// While fewer than <see cref="TpeOptions.StartupTrials"/> trials exist it draws from the priors exactly as
/// <see cref="RandomSampler"/> does with the same <see cref="Random"/>. Afterwards, completed trials are ranked
/// by loss (ties by age) and the best min(ceil(gamma * sqrt(n)), gamma_cap) form the "good" group. Each
/// parameter is then proposed independently: Parzen estimators l (good) and g (rest) are fitted over the
/// trials in which the parameter was active, <see cref="TpeOptions.Candidates"/> values are drawn from l, and
/// the one maximising log l(x) − log g(x) is kept. Choices and randint are categorical with prior pseudocounts.
/// </summary>
public sealed class TpeSampler : ISampler
{
    /// <summary>Hyperopt's EPS, the floor before taking the log of an observation of a log distribution.</summary>
    private const double Eps = 1e-12;

    private readonly TpeOptions _options;

    /// <summary>Creates a sampler; the options are validated once, all problems reported together.</summary>
    public TpeSampler(SearchSpace space, TpeOptions? options = null)
    {
        Space = space ?? throw new ArgumentNullException(nameof(space));
        _options = options ?? new TpeOptions();
        var errors = _options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                "Invalid TPE options:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
        }
    }

    /// <inheritdoc/>
    public SearchSpace Space { get; }

    /// <summary>The validated options.</summary>
    public TpeOptions Options => _options;

    /// <inheritdoc/>
    public Configuration? Suggest(IReadOnlyList<Trial> history, Random random)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(random);
        if (history.Count < _options.StartupTrials)
        {
            return Space.Sample(random);
        }

        var completed = new List<Trial>(history.Count);
        foreach (var trial in history)
        {
            if (!ReferenceEquals(trial.Configuration.Space, Space))
            {
                throw ArgusException.InvalidParameter(
                    "A trial's configuration belongs to another search space; rebuild it with SearchSpace.Encode.");
            }

            if (trial.IsCompleted)
            {
                completed.Add(trial);
            }
        }

        if (completed.Count == 0)
        {
            return Space.Sample(random);
        }

        var n = completed.Count;
        var nBelow = Math.Min((int)Math.Ceiling(_options.Gamma * Math.Sqrt(n)), _options.GammaCap);
        var order = new int[n];
        var losses = new double[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
            losses[i] = completed[i].Loss!.Value;
        }

        // Stable by (loss, age) so duplicate losses split deterministically.
        Array.Sort(order, (a, b) => losses[a] != losses[b] ? losses[a].CompareTo(losses[b]) : a.CompareTo(b));
        var below = new bool[n];
        for (var k = 0; k < nBelow; k++)
        {
            below[order[k]] = true;
        }

        var belowBuffer = new double[n];
        var aboveBuffer = new double[n];
        return Space.Build(dimension =>
        {
            // Only trials where the parameter was active inform its model (conditional parameters).
            int nb = 0, na = 0;
            for (var i = 0; i < n; i++)
            {
                var raw = completed[i].Configuration.Raw[dimension.Id];
                if (double.IsNaN(raw))
                {
                    continue;
                }

                if (below[i])
                {
                    belowBuffer[nb++] = raw;
                }
                else
                {
                    aboveBuffer[na++] = raw;
                }
            }

            return Propose(dimension.Node, belowBuffer.AsSpan(0, nb), aboveBuffer.AsSpan(0, na), random);
        });
    }

    private double Propose(SpaceNode node, Span<double> below, Span<double> above, Random random) => node switch
    {
        UniformDistribution u => ProposeNumeric(below, above, u.Low, u.High, 0.5 * (u.High + u.Low), u.High - u.Low, u.Q, u.Log, random),
        NormalDistribution d => ProposeNumeric(below, above, double.NegativeInfinity, double.PositiveInfinity, d.Mu, d.Sigma, d.Q, d.Log, random),
        RandIntDistribution r => r.Low + ProposeCategorical(below, above, r.Low, checked((int)(r.Upper - r.Low)), random),
        ChoiceNode c => ProposeCategorical(below, above, 0, c.Options.Count, random),
        _ => throw new ArgusException(ErrorCode.InternalError, $"Unexpected search space node {node.GetType().Name}."),
    };

    private double ProposeNumeric(
        Span<double> below, Span<double> above, double low, double high, double priorMu, double priorSigma,
        double? q, bool log, Random random)
    {
        if (log)
        {
            for (var i = 0; i < below.Length; i++)
            {
                below[i] = Math.Log(Math.Max(below[i], Eps));
            }

            for (var i = 0; i < above.Length; i++)
            {
                above[i] = Math.Log(Math.Max(above[i], Eps));
            }
        }

        var l = ParzenEstimator.Fit(below, _options.PriorWeight, priorMu, priorSigma, _options.LinearForgetting, low, high);
        var g = ParzenEstimator.Fit(above, _options.PriorWeight, priorMu, priorSigma, _options.LinearForgetting, low, high);
        var best = double.NaN;
        var bestScore = double.NegativeInfinity;
        for (var c = 0; c < _options.Candidates; c++)
        {
            var y = l.Sample(random);
            var x = SearchSpace.Quantize(log ? Math.Exp(y) : y, q);
            var score = LogLikelihood(l, x, q, log) - LogLikelihood(g, x, q, log);
            if (c == 0 || score > bestScore)
            {
                best = x;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>
    /// Hyperopt's GMM1_lpdf / LGMM1_lpdf: a density for continuous values (up to the log Jacobian, which
    /// cancels in l/g), the probability of the rounding bucket for quantized ones.
    /// </summary>
    private static double LogLikelihood(ParzenEstimator estimator, double x, double? q, bool log)
    {
        if (q is not { } step)
        {
            return estimator.LogDensity(log ? Math.Log(x) : x);
        }

        if (!log)
        {
            return estimator.LogMass(Math.Max(x - (step / 2), estimator.Low), Math.Min(x + (step / 2), estimator.High));
        }

        var upper = Math.Min(x + (step / 2), Math.Exp(estimator.High));
        var lower = Math.Max(Math.Max(x - (step / 2), Math.Exp(estimator.Low)), 0.0);
        return estimator.LogMass(Math.Log(lower), Math.Log(upper));
    }

    /// <summary>Hyperopt's ap_categorical_sampler: weighted counts plus prior_weight per category; candidates from l.</summary>
    private long ProposeCategorical(ReadOnlySpan<double> below, ReadOnlySpan<double> above, long offset, int categories, Random random)
    {
        var pb = CategoricalProbabilities(below, offset, categories);
        var pa = CategoricalProbabilities(above, offset, categories);
        var best = 0;
        var bestScore = double.NegativeInfinity;
        for (var c = 0; c < _options.Candidates; c++)
        {
            var u = random.NextDouble();
            var k = 0;
            var cumulative = pb[0];
            while (u >= cumulative && k < categories - 1)
            {
                k++;
                cumulative += pb[k];
            }

            var score = Math.Log(pb[k]) - Math.Log(pa[k]);
            if (c == 0 || score > bestScore)
            {
                best = k;
                bestScore = score;
            }
        }

        return best;
    }

    private double[] CategoricalProbabilities(ReadOnlySpan<double> observations, long offset, int categories)
    {
        var weights = _options.LinearForgetting > 0
            ? ParzenEstimator.LinearForgettingWeights(observations.Length, _options.LinearForgetting)
            : null;
        var counts = new double[categories];
        Array.Fill(counts, _options.PriorWeight);
        var total = categories * _options.PriorWeight;
        for (var i = 0; i < observations.Length; i++)
        {
            var w = weights?[i] ?? 1.0;
            counts[(int)(observations[i] - offset)] += w;
            total += w;
        }

        for (var k = 0; k < categories; k++)
        {
            counts[k] /= total;
        }

        return counts;
    }
}
