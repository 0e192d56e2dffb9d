using Argus.Core.Pipelines.Steps;

namespace Argus.Tests.Core.Pipelines;

/// <summary>Step kinds for the pipeline tests: Argus's own, and a small generic pair declared by their settings.</summary>
internal static class TestStepKinds
{
    /// <summary>The kinds Argus runs pipelines with (their real settings).</summary>
    public static StepKindCatalog Argus { get; } = new(global::Argus.XGBoost.Pipelines.StepKinds.All);

    /// <summary><c>echo</c> (text required, items a list) and <c>noop</c> (no settings).</summary>
    public static StepKindCatalog Simple { get; } = new(
    [
        Kind("echo", Required("text"), List("items")),
        Kind("noop"),
    ]);

    private static SignatureStepKind Kind(string name, params StepSetting[] settings) => new(name, settings);

    private static StepSetting Required(string name) => new(name, true, $"the {name}");

    private static StepSetting Optional(string name) => new(name, false, $"the {name}");

    private static StepSetting List(string name) => new(name, false, $"the {name}", IsList: true);
}
