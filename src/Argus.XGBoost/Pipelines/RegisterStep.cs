using Argus.Core.Errors;
using Argus.Core.Pipelines.Steps;
using Argus.XGBoost.Models;

namespace Argus.XGBoost.Pipelines;

/// <summary>
/// <c>kind: register</c>: registers a run's model package as a new version, as <c>argus models register</c> does
/// (<see cref="ModelRegistration"/>: the package must load; the registered model is created if missing).
/// </summary>
public sealed class RegisterStep : IStepKind
{
    public string Name => "register";

    public string Description => "Register a run's model package as a new version of a registered model (created if missing).";

    public IReadOnlyList<StepSetting> Settings { get; } =
    [
        new("model", true, "The registered model."),
        new("run_id", true, "The run that logged the model, e.g. a train step's run_id."),
        new("artifact_path", false, $"The model's folder in the run's artifacts (default {ModelRegistration.DefaultArtifactPath})."),
    ];

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = context.Text("model");
        var runId = context.Text("run_id");
        var artifactPath = context.TextOrNull("artifact_path") ?? ModelRegistration.DefaultArtifactPath;
        Core.Registry.ModelVersion version;
        try
        {
            version = await ModelRegistration.RegisterAsync(context.Tracker.Store, model, runId, artifactPath, null, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgusException e)
        {
            throw context.WithStep(e);
        }

        await context.Log.WriteLineAsync($"Registered {model} version {version.Version} from run {runId} ({version.Source})").ConfigureAwait(false);
        return new Dictionary<string, string>(StringComparer.Ordinal) { ["version"] = version.Version };
    }
}
