namespace Argus.XGBoost;

/// <summary>
/// What <see cref="XGBoostTrainer.Train"/> produced. The caller owns <see cref="Booster"/> and disposes it.
/// </summary>
/// <param name="Booster">The trained model.</param>
/// <param name="BestIteration">The 0-based round with the best score on the watched metric (the last round when nothing is watched).</param>
/// <param name="BestScore">The watched metric at <paramref name="BestIteration"/>, or NaN when nothing is evaluated.</param>
/// <param name="History">Metrics per round, keyed <c>set-metric</c> (e.g. <c>valid-rmse</c>).</param>
/// <param name="StoppedEarly">Whether early stopping ended training before the round limit.</param>
public sealed record TrainingResult(
    Booster Booster,
    int BestIteration,
    double BestScore,
    IReadOnlyList<IReadOnlyDictionary<string, double>> History,
    bool StoppedEarly);
