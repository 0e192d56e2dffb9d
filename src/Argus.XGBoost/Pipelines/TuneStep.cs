using System.Globalization;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Steps;
using Argus.Core.Tuning.Runs;
using Argus.XGBoost.Training;

namespace Argus.XGBoost.Pipelines;

/// <summary>
/// <c>kind: tune</c>: what <c>argus tune</c> does — a hyperparameter search (<see cref="TuningJob"/>) where every trial
/// is a child run of one parent, then the best parameters retrained as a nested run that logs the model. Outputs the
/// parent run, the retrained run (the one with the model) and the best trial's parameters as a JSON object a
/// <c>train</c> step takes as its <c>params</c>.
/// </summary>
public sealed class TuneStep : IStepKind
{
    public string Name => "tune";

    public string Description => "Search XGBoost hyperparameters (tpe, random or grid), every trial a child run; the best is retrained with its model.";

    public IReadOnlyList<StepSetting> Settings { get; } =
    [
        new("data", true, "The CSV file to train on."),
        new("target", true, "The target column."),
        new("experiment", false, "The experiment (created if missing; default Default)."),
        new("max_evals", false, "Trials at most (default 50)."),
        new("algo", false, "tpe (default), random or grid."),
        new("metric", false, "The validation metric trials are judged by, as XGBoost names it: rmse, mae, logloss, error, auc… (default: the objective's)."),
        new("seed", false, "Seed of the sampler (default 0)."),
        new("params", false, "A search-space file (JSON or YAML, Hyperopt's vocabulary); default: the XGBoost space in the docs."),
    ];

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var metric = context.TextOrNull("metric")?.Trim();
        if (metric is { Length: 0 } || metric?.Any(char.IsWhiteSpace) == true)
        {
            throw context.SettingError("metric", $"'{metric}' is not a metric name.");
        }

        var request = new TuningRequest
        {
            DataPath = context.LocalPath("data"),
            Target = context.Text("target"),
            SpacePath = context.LocalPathOrNull("params"),
            MaxEvals = context.IntegerOrNull("max_evals", 1) ?? 50,
            Algorithm = context.ChoiceOrNull("algo", "tpe", "random", "grid") ?? "tpe",
            Seed = context.IntegerOrNull("seed") ?? 0,
            EvalMetric = metric,
            Experiment = context.TextOrNull("experiment"),
        };
        await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Tuning on {request.DataPath} (target {request.Target}): {request.Algorithm}, {request.MaxEvals} trials at most, seed {request.Seed}, metric {metric ?? "the objective's default"}, space {request.SpacePath ?? "the default XGBoost space"}")).ConfigureAwait(false);
        TuningOutcome outcome;
        try
        {
            outcome = await TuningJob.RunAsync(context.Tracker, request, new LogProgress(context.Log), cancellationToken).ConfigureAwait(false);
        }
        catch (ArgusException e)
        {
            throw context.WithStep(e);
        }

        var search = outcome.Search;
        var best = search.BestTrial!;
        var maximised = metric is not null && XGBoostTrainer.IsMaximized(metric, string.Empty);
        var bestMetric = maximised ? -best.Loss!.Value : best.Loss!.Value;
        var bestParams = StepFormats.ParamsJson(metric is null
            ? best.Configuration.Values
            : best.Configuration.Values.Append(new KeyValuePair<string, object>("eval_metric", metric)));
        await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Search {search.ParentRunId}: {search.TrialsCompleted} trials completed, {search.TrialsFailed} failed, stopped by {search.StopReason}")).ConfigureAwait(false);
        await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Best trial {best.Number} (run {best.RunId}): validation {metric ?? "loss"} {StepFormats.Number(bestMetric)}, params {bestParams}")).ConfigureAwait(false);
        await context.Log.WriteLineAsync($"Retrained best: run {outcome.Best.RunId}, model runs:/{outcome.Best.RunId}/model").ConfigureAwait(false);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["run_id"] = search.ParentRunId,
            ["best_run_id"] = outcome.Best.RunId,
            ["best_params"] = bestParams,
            ["best_metric"] = StepFormats.Number(bestMetric),
        };
    }

    // Reports synchronously, in the order trials finish: Progress<T> would post to the thread pool, and a line could
    // reach the log after the step ended.
    private sealed class LogProgress(TextWriter log) : IProgress<TuningProgress>
    {
        private readonly Lock _gate = new();
        private int _finished;

        public void Report(TuningProgress value)
        {
            lock (_gate)
            {
                var done = value.TrialsCompleted + value.TrialsFailed;
                if (done <= _finished)
                {
                    return;
                }

                _finished = done;
                log.WriteLine(value.BestLoss is { } loss
                    ? string.Create(CultureInfo.InvariantCulture, $"trial {done}/{value.MaxTrials}: best loss {loss:G6} (trial {value.BestTrialNumber}), {value.TrialsFailed} failed")
                    : string.Create(CultureInfo.InvariantCulture, $"trial {done}/{value.MaxTrials}: no trial completed yet, {value.TrialsFailed} failed"));
            }
        }
    }
}
