namespace Argus.XGBoost.Training;

/// <summary>What a training run produced: the tracked run, its test metrics and the dataset digest.</summary>
public sealed record TrainingOutcome(string RunId, IReadOnlyDictionary<string, double> TestMetrics, string DatasetDigest, int BestIteration, string ModelArtifactPath);
