using System.Globalization;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Steps;
using Argus.XGBoost.Models;

namespace Argus.XGBoost.Pipelines;

/// <summary>
/// <c>kind: promote</c>: the champion/challenger policy of <c>argus models promote</c> (<see cref="ModelPromotion"/>):
/// the first version becomes champion outright; later ones only when they beat the champion on the metric by the least
/// improvement, evaluated now on <c>data</c> or by the latest evaluation of the pair (an <c>evaluate</c> step). The move
/// is recorded in the model's history with the pipeline run as its reason unless one is given.
/// </summary>
public sealed class PromoteStep : IStepKind
{
    public string Name => "promote";

    public string Description => "Promote a candidate version to champion if it beats the champion; else keep it challenger.";

    public IReadOnlyList<StepSetting> Settings { get; } =
    [
        new("model", true, "The registered model."),
        new("candidate", true, "The candidate version (a number, or @alias)."),
        new("metric", false, "The metric compared: rmse (default), mae, r2, accuracy, log_loss."),
        new("min_improvement", false, "The least improvement that promotes, as a fraction of the champion's value (default 0; 0.01 = 1 %)."),
        new("data", false, "Labelled CSV to evaluate on now (default: the latest evaluation of the pair, e.g. an evaluate step's)."),
        new("mode", false, "aliases (default: @champion, @challenger, @previous) or stages (Production, the old one Archived)."),
        new("reason", false, "Why, for the model's history (default: the pipeline run and step)."),
    ];

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = context.Text("model");
        var minImprovement = context.NumberOrNull("min_improvement") ?? 0;
        if (minImprovement < 0)
        {
            throw context.SettingError("min_improvement", "must be 0 or more.");
        }

        var policy = new PromotionPolicy
        {
            Metric = context.TextOrNull("metric")?.Trim() ?? "rmse",
            MinImprovement = minImprovement,
            DataPath = context.LocalPathOrNull("data"),
            Mode = context.ChoiceOrNull("mode", "aliases", "stages") == "stages" ? PromotionMode.Stages : PromotionMode.Aliases,
            Reason = context.TextOrNull("reason") ?? $"pipeline {context.PipelineName} run {context.PipelineRunId}, step {context.StepName}",
        };
        PromotionOutcome outcome;
        try
        {
            var candidate = await StepVersions.ResolveAsync(context, "candidate", model, cancellationToken).ConfigureAwait(false);
            await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Promoting {model} version {candidate.Version} by {policy.Metric} (min improvement {policy.MinImprovement:P1}, {(policy.DataPath is null ? "latest evaluation" : "evaluated now on " + policy.DataPath)}, {policy.Mode.ToString().ToLowerInvariant()})")).ConfigureAwait(false);
            outcome = await ModelPromotion.PromoteAsync(context.Tracker, model, candidate.Version, policy, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgusException e) when (e.Code == ErrorCode.ResourceDoesNotExist && policy.DataPath is null && e.Message.StartsWith("No evaluation", StringComparison.Ordinal))
        {
            throw new ArgusException(e.Code, $"Step '{context.StepName}': {e.Message} In a pipeline: give this step 'data', or run an evaluate step of the pair before it.", e);
        }
        catch (ArgusException e)
        {
            throw context.WithStep(e);
        }

        var champion = outcome.Promoted ? outcome.Candidate : outcome.Champion ?? string.Empty;
        if (outcome.Evaluation is { } evaluation)
        {
            await context.Log.WriteLineAsync($"Evaluation run {evaluation.RunId}").ConfigureAwait(false);
        }

        await context.Log.WriteLineAsync(outcome.Promoted
            ? $"Promoted {model} version {outcome.Candidate} to {(policy.Mode == PromotionMode.Stages ? "Production" : "@" + ModelPromotion.Champion)}: {outcome.Verdict}"
            : $"Kept {model} version {outcome.Candidate} as @{ModelPromotion.Challenger}; the champion stays version {champion}: {outcome.Verdict}").ConfigureAwait(false);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["promoted"] = outcome.Promoted ? "true" : "false",
            ["champion"] = champion,
            ["verdict"] = outcome.Verdict,
        };
    }
}
