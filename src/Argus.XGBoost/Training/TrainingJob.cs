using System.Globalization;
using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Sdk;
using Argus.XGBoost.Models;

namespace Argus.XGBoost.Training;

/// <summary>
/// Trains one XGBoost model on a CSV as a tracked run: reads and types the table, splits it
/// (seeded; stratified for classification), fits the encoder on the training rows only, trains with
/// per-round train/validation metrics logged as metric steps and early stopping on validation,
/// scores the test rows, and logs params, metrics, the dataset as a run input (digest, schema,
/// profile; the file stored once per digest by <see cref="DatasetVersions"/>) and the model (<c>model/model.json</c>, <c>model/encoder.json</c>, <c>model/argus-model.json</c>).
/// </summary>
public static class TrainingJob
{
    public static async Task<TrainingOutcome> RunAsync(Tracker tracker, TrainingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(request);
        var prepared = Prepare(request);
        var (table, task, encoder) = (prepared.Table, prepared.Task, prepared.Encoder);
        var (validation, test) = (prepared.Validation, prepared.Test);
        var options = Options(request.Parameters, task, encoder.Classes?.Count);

        await using var run = await tracker.StartRunAsync(request.Experiment, request.RunName, request.Tags, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var (key, value) in options.ToParameters())
        {
            run.LogParam(key, value);
        }

        run.LogParam("num_boost_round", request.Rounds.ToString(CultureInfo.InvariantCulture));
        run.LogParam("early_stopping_rounds", request.EarlyStoppingRounds?.ToString(CultureInfo.InvariantCulture) ?? "none");
        run.LogParam("split", FormattableString.Invariant($"{request.Split.TrainFraction}/{request.Split.ValidationFraction}/{request.Split.TestFraction} seed {request.Split.Seed}"));
        run.LogParam("target", prepared.Target);
        run.SetTag("argus.task", task.ToString().ToLowerInvariant());
        if (table.Schema.TextFeatures.Count > 0)
        {
            run.SetTag("argus.ignored_text_features", string.Join(",", table.Schema.TextFeatures));
        }
        var stored = await DatasetVersions.StoreAsync(tracker.Store, run.ExperimentId, request.DataPath, table, cancellationToken).ConfigureAwait(false);
        await run.LogInputAsync(stored.Dataset, "training", cancellationToken).ConfigureAwait(false);

        using var dtrain = Matrix(prepared.Train);
        using var dvalid = Matrix(validation);
        var result = XGBoostTrainer.Train(options, dtrain, [("train", dtrain), ("validation", dvalid)], request.Rounds, request.EarlyStoppingRounds,
            (round, metrics) =>
            {
                foreach (var (key, value) in metrics)
                {
                    run.LogMetric(key, value, round);
                }
            });
        using var booster = result.Booster;

        var scored = test ?? validation;
        var predictions = booster.Predict(scored.Features, scored.RowCount, scored.ColumnCount);
        var metrics = Score(task, scored.Labels!, predictions, encoder.Classes?.Count ?? 0, test is null ? "validation" : "test");
        foreach (var (key, value) in metrics)
        {
            run.LogMetric(key, value);
        }

        run.LogMetric("best_iteration", result.BestIteration);
        await run.LogTextAsync(System.Text.Encoding.UTF8.GetString(booster.SaveToJson()), "model/model.json", cancellationToken).ConfigureAwait(false);
        await run.LogTextAsync(encoder.ToJson(), "model/encoder.json", cancellationToken).ConfigureAwait(false);
        var manifest = new ModelManifest
        {
            Task = task.ToString().ToLowerInvariant(),
            Target = prepared.Target,
            Inputs = encoder.Features.Select(f => new ModelInput(f.Name, table.Schema.TypeOf(f.Name).ToString().ToLowerInvariant())).ToList(),
            Output = task == TaskType.Classification ? new ModelOutput("string", encoder.Classes) : new ModelOutput("double"),
            IgnoredTextFeatures = table.Schema.TextFeatures,
            DatasetDigest = stored.Digest.Sha256,
            BestIteration = result.BestIteration,
            Metrics = metrics,
            RunId = run.RunId,
            CreatedTimestamp = tracker.Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            LibraryVersions = new LibraryVersions(XGBoostVersion.Current.ToString(), typeof(TrainingJob).Assembly.GetName().Version?.ToString() ?? "0.0.0"),
        };
        await run.LogTextAsync(manifest.ToJson(), "model/" + ModelManifest.FileName, cancellationToken).ConfigureAwait(false);
        await run.EndAsync(RunStatus.Finished, cancellationToken).ConfigureAwait(false);
        return new TrainingOutcome(run.RunId, metrics, stored.Digest.Short, result.BestIteration, run.ArtifactUri + "/model", table.Schema.TextFeatures);
    }

    /// <summary>Reads, types, splits and encodes a CSV as training does (the encoder fitted on the training rows).</summary>
    public static PreparedData Prepare(TrainingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Split.Validate();
        var mapping = request.MappingPath is null ? new ColumnMapping() : ColumnMapping.Load(request.MappingPath);
        if (request.Target is not null)
        {
            mapping = mapping with { Target = request.Target };
        }

        if (mapping.Target is null)
        {
            throw ArgusException.InvalidParameter("Training needs a target column: pass --target NAME or give 'target' in the mapping file.");
        }

        var table = TableLoader.Load(request.DataPath, mapping);
        var task = table.Schema.Task ?? TaskType.Regression;
        var split = DataSplit.Create(table.RowCount, request.Split with { Stratify = request.Split.Stratify || task == TaskType.Classification }, StratificationLabels(table, task));
        if (split.Train.Length == 0 || split.Validation.Length == 0)
        {
            throw ArgusException.InvalidParameter(
                $"{Path.GetFileName(request.DataPath)} has {table.RowCount} rows: too few for a training and a validation part with the split {request.Split.TrainFraction}/{request.Split.ValidationFraction}/{request.Split.TestFraction}.");
        }

        var trainRows = TakeRows(table, split.Train);
        var encoder = TabularEncoder.Fit(trainRows);
        return new PreparedData(
            table,
            task,
            mapping.Target,
            encoder,
            encoder.Encode(trainRows),
            encoder.Encode(TakeRows(table, split.Validation)),
            split.Test.Length > 0 ? encoder.Encode(TakeRows(table, split.Test)) : null);
    }

    /// <summary>A DMatrix over encoded rows, with labels and feature names.</summary>
    public static DMatrix Matrix(EncodedData data, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var matrix = new DMatrix(data.Features, data.RowCount, data.ColumnCount, threads);
        matrix.SetLabel(data.Labels);
        matrix.SetFeatureNames(data.FeatureNames);
        return matrix;
    }

    /// <summary>
    /// XGBoost options from parameter names as XGBoost and Hyperopt spaces spell them; <c>eval_metric</c> names the
    /// validation metric early stopping (and tuning) watches, instead of the objective's default.
    /// </summary>
    public static TrainOptions Options(IReadOnlyDictionary<string, string> parameters, TaskType task, int? classes)
    {
        var options = new TrainOptions
        {
            Objective = task == TaskType.Regression ? "reg:squarederror" : classes > 2 ? "multi:softprob" : "binary:logistic",
            NumClass = task == TaskType.Classification && classes > 2 ? classes : null,
        };
        var problems = new List<string>();
        foreach (var (name, text) in parameters)
        {
            try
            {
                options = name switch
                {
                    "objective" => options with { Objective = text },
                    "max_depth" => options with { MaxDepth = (int)Math.Round(Number(text)) },
                    "learning_rate" or "eta" => options with { LearningRate = Number(text) },
                    "subsample" => options with { Subsample = Number(text) },
                    "colsample_bytree" => options with { ColsampleByTree = Number(text) },
                    "min_child_weight" => options with { MinChildWeight = Number(text) },
                    "reg_lambda" or "lambda" => options with { Lambda = Number(text) },
                    "reg_alpha" or "alpha" => options with { Alpha = Number(text) },
                    "nthread" => options with { NThread = (int)Number(text) },
                    "seed" => options with { Seed = (int)Number(text) },
                    "tree_method" => options with { TreeMethod = text },
                    "num_class" => options with { NumClass = (int)Number(text) },
                    "eval_metric" => options with { EvalMetrics = [text.Trim()] },
                    _ => throw new FormatException(
                        $"unknown parameter; known: objective, max_depth, learning_rate (eta), subsample, colsample_bytree, min_child_weight, reg_lambda (lambda), reg_alpha (alpha), nthread, seed, tree_method, num_class, eval_metric"),
                };
            }
            catch (FormatException e)
            {
                problems.Add($"{name}={text}: {e.Message}");
            }
        }

        problems.AddRange(options.Problems());
        if (problems.Count > 0)
        {
            throw ArgusException.InvalidParameter("Invalid XGBoost parameters: " + string.Join("; ", problems));
        }

        return options;
    }

    /// <summary>Test metrics: rmse, mae and r2 for regression; accuracy and log_loss for classification.</summary>
    internal static Dictionary<string, double> Score(TaskType task, ReadOnlySpan<float> labels, ReadOnlySpan<float> predictions, int classes, string prefix)
    {
        var n = labels.Length;
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (task == TaskType.Regression)
        {
            double squared = 0, absolute = 0, mean = 0;
            for (var i = 0; i < n; i++)
            {
                mean += labels[i];
            }

            mean /= n;
            double total = 0;
            for (var i = 0; i < n; i++)
            {
                var error = (double)predictions[i] - labels[i];
                squared += error * error;
                absolute += Math.Abs(error);
                total += (labels[i] - mean) * (labels[i] - mean);
            }

            metrics[$"{prefix}_rmse"] = Math.Sqrt(squared / n);
            metrics[$"{prefix}_mae"] = absolute / n;
            metrics[$"{prefix}_r2"] = total > 0 ? 1 - (squared / total) : double.NaN;
            return metrics;
        }

        var width = classes > 2 ? classes : 1;
        double correct = 0, logLoss = 0;
        for (var i = 0; i < n; i++)
        {
            var label = (int)labels[i];
            int predicted;
            double probability;
            if (width == 1)
            {
                var p = predictions[i];
                predicted = p >= 0.5f ? 1 : 0;
                probability = label == 1 ? p : 1 - p;
            }
            else
            {
                var row = predictions.Slice(i * width, width);
                predicted = 0;
                for (var k = 1; k < width; k++)
                {
                    if (row[k] > row[predicted])
                    {
                        predicted = k;
                    }
                }

                probability = row[label];
            }

            correct += predicted == label ? 1 : 0;
            logLoss -= Math.Log(Math.Clamp(probability, 1e-15, 1 - 1e-15));
        }

        metrics[$"{prefix}_accuracy"] = correct / n;
        metrics[$"{prefix}_log_loss"] = logLoss / n;
        return metrics;
    }

    // Class codes over the whole table, used only to keep class proportions equal across the parts.
    private static float[] StratificationLabels(Table table, TaskType task) =>
        task == TaskType.Classification ? TabularEncoder.Fit(table).Encode(table).Labels ?? [] : [];

    /// <summary>The table restricted to <paramref name="rows"/>, keeping source line numbers for errors.</summary>
    internal static Table TakeRows(Table table, int[] rows)
    {
        var columns = new List<TableColumn>(table.Columns.Count);
        foreach (var column in table.Columns)
        {
            if (column.Numbers is { } numbers)
            {
                var values = new double[rows.Length];
                for (var i = 0; i < rows.Length; i++)
                {
                    values[i] = numbers[rows[i]];
                }

                columns.Add(TableColumn.Numerical(column.Name, values));
            }
            else
            {
                var values = new string?[rows.Length];
                for (var i = 0; i < rows.Length; i++)
                {
                    values[i] = column.Strings![rows[i]];
                }

                columns.Add(TableColumn.OfStrings(column.Name, column.Type, values));
            }
        }

        var lines = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            lines[i] = table.SourceLine(rows[i]);
        }

        return new Table(table.Name, columns, table.Schema, rows.Length, lines);
    }

    private static double Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException("not a number");
}
