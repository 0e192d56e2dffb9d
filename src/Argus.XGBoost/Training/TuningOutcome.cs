using Argus.Core.Tuning.Runs;

namespace Argus.XGBoost.Training;

/// <summary>A finished search: the parent run, its result, and the retrained best model's run.</summary>
public sealed record TuningOutcome(TuningResult Search, TrainingOutcome Best);
