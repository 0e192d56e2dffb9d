using Argus.Core.Errors;
using Argus.Core.Pipelines.Steps;
using Argus.Core.Registry;
using Argus.XGBoost.Models;

namespace Argus.XGBoost.Pipelines;

/// <summary>
/// <c>kind: evaluate</c>: scores a candidate version and a baseline on the same labelled data and records it as an
/// evaluation run (<see cref="ModelEvaluation"/>), as <c>argus models evaluate</c> does. The baseline is
/// <c>@champion</c> unless told otherwise; while the alias does not exist (the model's first version) the candidate is
/// evaluated alone.
/// </summary>
public sealed class EvaluateStep : IStepKind
{
    public string Name => "evaluate";

    public string Description => "Score a candidate version and a baseline (default @champion) on the same labelled data, as an evaluation run.";

    public IReadOnlyList<StepSetting> Settings { get; } =
    [
        new("model", true, "The registered model."),
        new("candidate", true, "The candidate version (a number, e.g. a register step's version, or @alias)."),
        new("baseline", false, "The baseline: a version number, @alias or none (default @champion; the candidate alone while the alias does not exist)."),
        new("data", true, "The labelled CSV both are scored on."),
    ];

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = context.Text("model");
        var baselineText = (context.TextOrNull("baseline") ?? "@" + ModelPromotion.Champion).Trim();
        var data = context.LocalPath("data");
        var registry = context.Tracker.Registry;
        EvaluationOutcome outcome;
        try
        {
            var candidate = await StepVersions.ResolveAsync(context, "candidate", model, cancellationToken).ConfigureAwait(false);
            var baseline = await BaselineAsync(context, registry, model, baselineText, cancellationToken).ConfigureAwait(false);
            await context.Log.WriteLineAsync($"Evaluating {model} version {candidate.Version} against {(baseline is null ? "no baseline" : "version " + baseline.Version)} on {data}").ConfigureAwait(false);
            outcome = await ModelEvaluation.RunAsync(context.Tracker, model, candidate, baseline, data, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgusException e)
        {
            throw context.WithStep(e);
        }

        var outputs = new Dictionary<string, string>(StringComparer.Ordinal) { ["run_id"] = outcome.RunId };
        foreach (var (key, value) in outcome.Candidate.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            outputs["candidate_" + key] = StepFormats.Number(value);
            var baseline = outcome.Baseline is { } b && b.TryGetValue(key, out var v) ? v : (double?)null;
            if (baseline is { } number)
            {
                outputs["baseline_" + key] = StepFormats.Number(number);
            }

            await context.Log.WriteLineAsync($"  {key}: candidate {outputs["candidate_" + key]}{(baseline is null ? string.Empty : ", baseline " + outputs["baseline_" + key])}").ConfigureAwait(false);
        }

        await context.Log.WriteLineAsync($"Evaluation run {outcome.RunId} ({outcome.Rows} rows)").ConfigureAwait(false);
        return outputs;
    }

    private static async Task<ModelVersion?> BaselineAsync(StepContext context, IModelRegistry registry, string model, string text, CancellationToken cancellationToken)
    {
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (text.StartsWith('@'))
        {
            var alias = text[1..];
            var registered = await registry.GetRegisteredModelAsync(model, cancellationToken).ConfigureAwait(false);
            if (registered.Aliases.FirstOrDefault(a => a.Alias == alias) is not { } pointer)
            {
                await context.Log.WriteLineAsync($"{model} has no @{alias} yet: evaluating the candidate alone").ConfigureAwait(false);
                return null;
            }

            return await registry.GetModelVersionAsync(model, pointer.Version, cancellationToken).ConfigureAwait(false);
        }

        return await StepVersions.ResolveAsync(context, "baseline", model, cancellationToken).ConfigureAwait(false);
    }
}
