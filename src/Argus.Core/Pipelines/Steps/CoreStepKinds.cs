namespace Argus.Core.Pipelines.Steps;

/// <summary>
/// The step kinds Argus.Core provides: <c>data</c>, <c>monitor</c>, <c>report</c>, <c>notify</c>, <c>push-metrics</c>
/// and <c>command</c>. The kinds that train and judge models live with XGBoost (<c>Argus.XGBoost.Pipelines.StepKinds</c>,
/// which lists every kind).
/// </summary>
public static class CoreStepKinds
{
    /// <summary>Every Core kind, each once.</summary>
    public static IReadOnlyList<IStepKind> All { get; } =
    [
        new DataStep(),
        new MonitorStep(),
        new ReportStep(),
        new NotifyStep(),
        new PushMetricsStep(),
        new CommandStep(),
    ];
}
