namespace Argus.XGBoost.Training;

/// <summary>
/// What a training run produced: the tracked run, its test metrics, the dataset digest, and the text columns
/// left out of the features (XGBoost takes numbers; text is not encoded).
/// </summary>
public sealed record TrainingOutcome(
    string RunId,
    IReadOnlyDictionary<string, double> TestMetrics,
    string DatasetDigest,
    int BestIteration,
    string ModelArtifactPath,
    IReadOnlyList<string> IgnoredTextFeatures);
