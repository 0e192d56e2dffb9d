namespace Argus.XGBoost.Training;

/// <summary>
/// <c>model/argus-model.json</c>: what serving needs besides the booster and the encoder — the input
/// signature, the task, the classes, the training data's digest, the metrics and library versions.
/// <see cref="IgnoredTextFeatures"/> names the text columns the data had: XGBoost takes numbers, so they were
/// not encoded, did not train the model and are ignored when present at prediction time.
/// </summary>
public sealed record ModelMetadata(
    string Flavor,
    string XGBoostVersion,
    string ArgusVersion,
    string Task,
    string Target,
    IReadOnlyList<ModelInput> Inputs,
    IReadOnlyList<string>? Classes,
    string DatasetDigest,
    int BestIteration,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<string> IgnoredTextFeatures);
