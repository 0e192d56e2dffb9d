using Argus.Core.Pipelines.Steps;
using Argus.XGBoost.Pipelines;

namespace Argus.Cli.Commands.Pipelines;

/// <summary>The step kinds <c>argus</c> runs and validates pipelines with: every kind of <see cref="StepKinds.All"/>.</summary>
internal static class PipelineStepKinds
{
    /// <summary>Every step kind, by the name pipelines use in <c>kind:</c>.</summary>
    public static StepKindCatalog All { get; } = new(StepKinds.All);
}
