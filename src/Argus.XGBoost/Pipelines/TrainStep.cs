using System.Globalization;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Steps;
using Argus.XGBoost.Training;

namespace Argus.XGBoost.Pipelines;

/// <summary>
/// <c>kind: train</c>: what <c>argus train</c> does — one XGBoost model on a CSV as a tracked run (<see cref="TrainingJob"/>)
/// — with its parameters as a JSON object, so a <c>tune</c> step's <c>best_params</c> can be passed straight in.
/// Outputs the run, the model's URI and each held-out metric (<c>test_rmse</c>, …).
/// </summary>
public sealed class TrainStep : IStepKind
{
    public string Name => "train";

    public string Description => "Train an XGBoost model on a CSV as a tracked run; outputs the run, the model URI and the test metrics.";

    public IReadOnlyList<StepSetting> Settings { get; } =
    [
        new("data", true, "The CSV file to train on."),
        new("target", true, "The target column."),
        new("experiment", false, "The experiment (created if missing; default Default)."),
        new("params", false, "XGBoost parameters as a JSON object ({\"max_depth\": 6, \"learning_rate\": 0.1}), e.g. a tune step's best_params."),
        new("rounds", false, "Boosting rounds (default 100)."),
        new("early_stopping_rounds", false, "Stop when validation has not improved for this many rounds (default 10; 0 trains every round)."),
    ];

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = new TrainingRequest
        {
            DataPath = context.LocalPath("data"),
            Target = context.Text("target"),
            Parameters = StepFormats.ReadParams(context, "params"),
            Rounds = context.IntegerOrNull("rounds", 1) ?? 100,
            EarlyStoppingRounds = context.IntegerOrNull("early_stopping_rounds", 0) is { } patience ? (patience > 0 ? patience : null) : 10,
            Experiment = context.TextOrNull("experiment"),
            Tags = context.RunTags,
        };
        await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Training on {request.DataPath} (target {request.Target}): {request.Rounds} rounds, early stopping {request.EarlyStoppingRounds?.ToString(CultureInfo.InvariantCulture) ?? "off"}, params {Describe(request.Parameters)}")).ConfigureAwait(false);
        TrainingOutcome outcome;
        try
        {
            outcome = await TrainingJob.RunAsync(context.Tracker, request, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgusException e)
        {
            throw context.WithStep(e);
        }

        await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Run {outcome.RunId}: dataset {outcome.DatasetDigest}, best iteration {outcome.BestIteration}")).ConfigureAwait(false);
        if (outcome.IgnoredTextFeatures.Count > 0)
        {
            await context.Log.WriteLineAsync($"Text columns are not model features (XGBoost takes numbers): {string.Join(", ", outcome.IgnoredTextFeatures)}").ConfigureAwait(false);
        }

        var outputs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["run_id"] = outcome.RunId,
            ["model_uri"] = $"runs:/{outcome.RunId}/model",
        };
        foreach (var (key, value) in outcome.TestMetrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            outputs[key] = StepFormats.Number(value);
            await context.Log.WriteLineAsync($"  {key} = {outputs[key]}").ConfigureAwait(false);
        }

        await context.Log.WriteLineAsync($"Model: {outputs["model_uri"]}").ConfigureAwait(false);
        return outputs;
    }

    internal static string Describe(IReadOnlyDictionary<string, string> parameters) =>
        parameters.Count == 0 ? "(defaults)" : string.Join(", ", parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
