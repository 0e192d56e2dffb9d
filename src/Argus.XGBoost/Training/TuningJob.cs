using System.Globalization;
using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Sdk;
using Argus.Core.Tuning;
using Argus.Core.Tuning.Runs;

namespace Argus.XGBoost.Training;

/// <summary>
/// A hyperparameter search over XGBoost on a CSV: every trial a child run (its parameters, per-round
/// validation metric and final loss — the best validation score), then the best parameters retrained
/// as a nested run that logs the model, its test metrics and the dataset.
/// </summary>
public static class TuningJob
{
    /// <summary>
    /// The seed workflow's space: max_depth quniform(4, 100), learning_rate loguniform(−3, 0),
    /// colsample_bytree choice 0.3–0.7, subsample uniform(0.8, 1), reg_lambda loguniform(−6, −1),
    /// min_child_weight loguniform(−1, 3).
    /// </summary>
    public const string DefaultSpaceJson = """
        {
          "max_depth": {"quniform": [4, 100, 1]},
          "learning_rate": {"loguniform": [-3, 0]},
          "colsample_bytree": {"choice": [0.3, 0.4, 0.5, 0.6, 0.7]},
          "subsample": {"uniform": [0.8, 1]},
          "reg_lambda": {"loguniform": [-6, -1]},
          "min_child_weight": {"loguniform": [-1, 3]}
        }
        """;

    public static async Task<TuningOutcome> RunAsync(Tracker tracker, TuningRequest request, IProgress<TuningProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(request);
        var space = SearchSpace.Parse(request.SpacePath is null ? DefaultSpaceJson : SpaceJson(request.SpacePath));
        var training = new TrainingRequest
        {
            DataPath = request.DataPath,
            Target = request.Target,
            MappingPath = request.MappingPath,
            Rounds = request.Rounds,
            EarlyStoppingRounds = request.EarlyStoppingRounds,
            Split = request.Split,
            Experiment = request.Experiment,
        };
        var data = TrainingJob.Prepare(training);
        var classes = data.Encoder.Classes?.Count;

        // Trials share the machine: each gets its share of the cores.
        var threads = Math.Max(1, Environment.ProcessorCount / Math.Max(1, request.Parallelism));
        async Task<TrialOutcome> Objective(TrialContext trial, CancellationToken ct)
        {
            var parameters = Parameters(trial.Configuration, request.EvalMetric);

            // A matrix per trial: parallel trials must not share one (libxgboost builds its hist index into
            // the matrix on first use); on the sizes tuning sees, building it costs far less than training.
            parameters["nthread"] = threads.ToString(CultureInfo.InvariantCulture);
            var options = TrainingJob.Options(parameters, data.Task, classes);
            using var dtrain = TrainingJob.Matrix(data.Train, threads);
            using var dvalid = TrainingJob.Matrix(data.Validation, threads);
            var points = new List<Metric>();
            var result = XGBoostTrainer.Train(options, dtrain, [("validation", dvalid)], request.Rounds, request.EarlyStoppingRounds,
                (round, metrics) =>
                {
                    foreach (var (key, value) in metrics)
                    {
                        points.Add(new Metric(key, value, 0, round));
                    }
                });
            result.Booster.Dispose();
            var now = tracker.Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            for (var i = 0; i < points.Count; i += TrackingLimits.MaxMetricsPerBatch)
            {
                var chunk = points.Skip(i).Take(TrackingLimits.MaxMetricsPerBatch).Select(p => p with { Timestamp = now }).ToList();
                await trial.Store.LogBatchAsync(trial.RunId, chunk, [], [], ct).ConfigureAwait(false);
            }

            // The loss is minimised: a metric that is better when larger counts negated.
            var maximised = points.Count > 0 && XGBoostTrainer.IsMaximized(points[^1].Key, "validation");
            return new TrialOutcome(maximised ? -result.BestScore : result.BestScore)
            {
                Metrics = new Dictionary<string, double> { ["best_iteration"] = result.BestIteration },
            };
        }

        var experimentId = request.ResumeParentRunId is { } resumed
            ? (await tracker.Store.GetRunAsync(resumed, cancellationToken).ConfigureAwait(false)).Info.ExperimentId
            : request.Experiment is null ? Experiment.DefaultId : await tracker.Store.GetOrCreateExperimentAsync(request.Experiment, cancellationToken).ConfigureAwait(false);
        var options = new TuningOptions
        {
            MaxTrials = request.MaxEvals,
            Algorithm = request.Algorithm,
            Parallelism = request.Parallelism,
            Seed = request.Seed,
            TimeBudget = request.Timeout,
            StopAfterNoImprovement = request.StopAfterNoImprovement,
            ExperimentId = experimentId,
            TimeProvider = tracker.Options.TimeProvider,
        };
        var runner = new TuningRunner(tracker.Store);
        var search = request.ResumeParentRunId is { } parentRunId
            ? await runner.ResumeAsync(parentRunId, space, Objective, options, progress, cancellationToken).ConfigureAwait(false)
            : await runner.RunAsync(space, Objective, options, progress, cancellationToken).ConfigureAwait(false);

        // The search's data, as a version of the experiment: the retrained run logs the same version, stored once.
        var stored = await DatasetVersions.StoreAsync(tracker.Store, experimentId, request.DataPath, data.Table, cancellationToken).ConfigureAwait(false);
        await tracker.Store.LogInputsAsync(search.ParentRunId, [new DatasetInput([new Tag(DatasetInput.ContextTag, "training")], stored.Dataset)], cancellationToken).ConfigureAwait(false);

        // The retrained model lives beside its search, also when a resumed search names no experiment.
        training = training with { Experiment = (await tracker.Store.GetExperimentAsync(experimentId, cancellationToken).ConfigureAwait(false)).Name };

        var best = search.BestTrial ?? throw new ArgusException(ErrorCode.InvalidState,
            $"No trial of the search {search.ParentRunId} finished: {search.TrialsFailed} failed"
            + (search.Trials.FirstOrDefault(t => t.Error is not null) is { } failed ? $"; trial {failed.Number}: {FirstLine(failed.Error!)}" : string.Empty)
            + ". The failed child runs carry the error as tag argus.tuning.error.");
        var retrained = await TrainingJob.RunAsync(tracker, training with
        {
            Parameters = Parameters(best.Configuration, request.EvalMetric),
            RunName = $"best-of-{search.ParentRunId[..8]}",
            Tags = new Dictionary<string, string>
            {
                [MlflowTags.ParentRunId] = search.ParentRunId,
                ["argus.tuning.retrained_from_trial"] = best.Number.ToString(CultureInfo.InvariantCulture),
            },
        }, cancellationToken).ConfigureAwait(false);
        return new TuningOutcome(search, retrained);
    }

    /// <summary>
    /// A configuration as XGBoost parameter text, formatted as the trial runs' params are, with the search's
    /// <paramref name="evalMetric"/> when it has one: the parameters to train the configuration with again.
    /// </summary>
    public static Dictionary<string, string> Parameters(Configuration configuration, string? evalMetric = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var parameters = configuration.Values.ToDictionary(v => v.Key, v => Configuration.FormatValue(v.Value), StringComparer.Ordinal);
        if (evalMetric is not null)
        {
            parameters["eval_metric"] = evalMetric;
        }

        return parameters;
    }

    // libxgboost appends its native stack trace to an error; the first line says what went wrong.
    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    /// <summary>A space file as JSON: JSON as it is; YAML converted through YamlDotNet.</summary>
    private static string SpaceJson(string path)
    {
        if (!File.Exists(path))
        {
            throw ArgusException.InvalidParameter($"Search-space file '{path}' does not exist.");
        }

        var text = File.ReadAllText(path);
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }

        try
        {
            var yaml = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(text);
            using var buffer = new MemoryStream();
            using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                WriteJson(writer, yaml);
            }

            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw ArgusException.InvalidParameter($"Search-space file '{path}' is not valid YAML: line {e.Start.Line}: {e.Message}");
        }
    }

    // YAML scalars arrive as strings; type them by YAML's core schema (bool, integer, float, null).
    private static void WriteJson(System.Text.Json.Utf8JsonWriter writer, object? node)
    {
        switch (node)
        {
            case IDictionary<object, object> map:
                writer.WriteStartObject();
                foreach (var (key, value) in map)
                {
                    writer.WritePropertyName(key.ToString() ?? string.Empty);
                    WriteJson(writer, value);
                }

                writer.WriteEndObject();
                break;
            case IList<object> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteJson(writer, item);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                var text = node.ToString() ?? string.Empty;
                if (text is "true" or "True" or "false" or "False")
                {
                    writer.WriteBooleanValue(text[0] is 't' or 'T');
                }
                else if (text is "null" or "~")
                {
                    writer.WriteNullValue();
                }
                else if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    writer.WriteNumberValue(integer);
                }
                else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    writer.WriteStringValue(text);
                }

                break;
        }
    }
}
