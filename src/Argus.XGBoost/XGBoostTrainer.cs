using System.Globalization;
using Argus.Core.Errors;
using Argus.XGBoost.Native;

namespace Argus.XGBoost;

/// <summary>Trains a <see cref="Booster"/> round by round, with per-round metrics and early stopping.</summary>
public static class XGBoostTrainer
{
    // As Python's xgboost decides: these metrics (and their @k variants) improve upwards.
    private static readonly HashSet<string> MaximizedMetrics = new(StringComparer.Ordinal) { "auc", "aucpr", "map", "ndcg", "pre" };

    /// <summary>
    /// Trains for up to <paramref name="rounds"/> rounds on <paramref name="train"/>, evaluating
    /// <paramref name="evals"/> after each round. With <paramref name="earlyStoppingRounds"/>, training stops
    /// when the last metric on the last evaluation set has not improved for that many rounds, and the
    /// booster's <see cref="Booster.BestIteration"/> is set so predictions use the best rounds.
    /// </summary>
    /// <exception cref="ArgusException">InvalidParameterValue listing every invalid option or argument.</exception>
    public static TrainingResult Train(
        TrainOptions options,
        DMatrix train,
        IReadOnlyList<(string Name, DMatrix Set)> evals,
        int rounds,
        int? earlyStoppingRounds = null,
        Action<int, IReadOnlyDictionary<string, double>>? onIteration = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(evals);

        var problems = new List<string>(options.Problems());
        if (rounds <= 0)
        {
            problems.Add($"rounds must be positive, got {rounds}.");
        }

        if (earlyStoppingRounds is { } patience)
        {
            if (patience <= 0)
            {
                problems.Add($"early stopping rounds must be positive, got {patience}.");
            }

            if (evals.Count == 0)
            {
                problems.Add("early stopping needs at least one evaluation set.");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, set) in evals)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace))
            {
                problems.Add($"evaluation set name '{name}' must be non-empty without spaces.");
            }
            else if (!names.Add(name))
            {
                problems.Add($"evaluation set name '{name}' is used twice.");
            }

            if (set is null)
            {
                problems.Add($"evaluation set '{name}' is null.");
            }
            else if (set.Columns != train.Columns)
            {
                problems.Add($"evaluation set '{name}' has {set.Columns} columns, the training set {train.Columns}.");
            }
        }

        TrainOptions.ThrowIfAny(problems);

        var cache = new List<DMatrix> { train };
        foreach (var (_, set) in evals)
        {
            cache.Add(set);
        }

        var booster = Booster.Create(cache);
        try
        {
            foreach (var (name, value) in options.ToParameters())
            {
                booster.SetParameter(name, value);
            }

            var history = new List<IReadOnlyDictionary<string, double>>(rounds);
            var watchedSet = evals.Count > 0 ? evals[^1].Name : null;
            var bestIteration = rounds - 1;
            var bestScore = double.NaN;
            var maximize = false;
            var stoppedEarly = false;
            for (var round = 0; round < rounds; round++)
            {
                booster.UpdateOneIteration(round, train);
                if (watchedSet is null)
                {
                    history.Add(new Dictionary<string, double>());
                    onIteration?.Invoke(round, history[^1]);
                    continue;
                }

                var (metrics, lastKey) = ParseEvaluation(booster.EvaluateOneIteration(round, evals));
                history.Add(metrics);
                onIteration?.Invoke(round, metrics);
                if (lastKey is null)
                {
                    continue;
                }

                var score = metrics[lastKey];
                if (round == 0)
                {
                    maximize = IsMaximized(lastKey, watchedSet);
                }

                if (round == 0 || (maximize ? score > bestScore : score < bestScore))
                {
                    bestScore = score;
                    bestIteration = round;
                }
                else if (earlyStoppingRounds is { } limit && round - bestIteration >= limit)
                {
                    stoppedEarly = true;
                    break;
                }
            }

            if (earlyStoppingRounds is not null)
            {
                booster.BestIteration = bestIteration;
                booster.BestScore = bestScore;
            }

            return new TrainingResult(booster, bestIteration, bestScore, history, stoppedEarly);
        }
        catch
        {
            booster.Dispose();
            throw;
        }
        finally
        {
            // libgomp keeps this thread's workers while the thread lives; idle ones outnumbering the cores make every
            // OpenMP barrier in the process sleep instead of spin (see XGBoostLibrary.ReleaseOpenMpThreads).
            XGBoostLibrary.ReleaseOpenMpThreads();
        }
    }

    /// <summary>
    /// Parses libxgboost's evaluation line (<c>[0]\ttrain-rmse:1.23\tvalid-rmse:1.45</c>) into metrics keyed
    /// <c>set-metric</c>, and the key of the last one.
    /// </summary>
    internal static (IReadOnlyDictionary<string, double> Metrics, string? LastKey) ParseEvaluation(string line)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        string? lastKey = null;
        foreach (var token in line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (token.StartsWith('['))
            {
                continue;
            }

            var colon = token.LastIndexOf(':');
            if (colon <= 0
                || !double.TryParse(token.AsSpan(colon + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new ArgusException(ErrorCode.InternalError, $"Unexpected XGBoost evaluation output: '{line}'.");
            }

            lastKey = token[..colon];
            metrics[lastKey] = value;
        }

        return (metrics, lastKey);
    }

    /// <summary>Whether the metric in <paramref name="key"/> (<c>set-metric</c>) is better when larger.</summary>
    internal static bool IsMaximized(string key, string setName)
    {
        var metric = key.StartsWith(setName + "-", StringComparison.Ordinal) ? key[(setName.Length + 1)..] : key;
        var at = metric.IndexOf('@', StringComparison.Ordinal);
        return MaximizedMetrics.Contains(at >= 0 ? metric[..at] : metric);
    }
}
