using Argus.Core.Pipelines.Steps;
using Argus.XGBoost.Models;

namespace Argus.XGBoost.Pipelines;

/// <summary>
/// Every step kind a pipeline can use: the Core kinds (<see cref="CoreStepKinds"/>) and the XGBoost ones that train,
/// register, evaluate and promote models. The CLI and the server build their pipelines from this list.
/// </summary>
public static class StepKinds
{
    /// <summary>Every kind, each once: data, tune, train, register, evaluate, promote, monitor, report, notify, push-metrics, command.</summary>
    public static IReadOnlyList<IStepKind> All { get; } =
    [
        CoreStepKinds.All.Single(k => k is DataStep),
        new TuneStep(),
        new TrainStep(),
        new RegisterStep(),
        new EvaluateStep(),
        new PromoteStep(),
        new MonitorStep(store => new ModelReferenceScorer(store)),
        .. CoreStepKinds.All.Where(k => k is not DataStep and not MonitorStep),
    ];

    /// <summary>The kind called <paramref name="name"/> (as YAML writes it), or null.</summary>
    public static IStepKind? Find(string name) => All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.Ordinal));
}
