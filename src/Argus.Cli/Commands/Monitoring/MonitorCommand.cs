using System.CommandLine;
using System.Globalization;
using Argus.Core;
using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Windows;
using Argus.Core.Notifications;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Sdk;
using Argus.XGBoost.Models;

namespace Argus.Cli.Commands.Monitoring;

/// <summary>
/// <c>argus monitor --model tips [--reference FILE] [--window 1h]</c>: computes every ended window of the served model's
/// inference log that has not been computed yet, each as a run of <c>monitoring/&lt;model&gt;</c>.
/// </summary>
internal static class MonitorCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The registered model whose inference log to monitor.", Required = true };
        var reference = new Option<string?>("--reference", "-r") { Description = "The reference CSV. Default: the training data of models:/<model>@champion, as its run stored it." };
        var window = new Option<string>("--window") { Description = $"Window length: {Durations.Help}.", DefaultValueFactory = _ => "1h" };
        var since = new Option<string?>("--since") { Description = "Read predictions from this UTC time on (ISO 8601); default: the whole log." };
        var inferenceLog = new Option<string?>("--inference-log") { Description = "The inference log the server writes. Default: $ARGUS_HOME/inference." };
        var notify = new Option<string?>("--notify") { Description = "A notifications YAML (email and webhook channels) to tell when a window shows dataset drift." };
        var (stattest, threshold) = DriftCommand.TestOptions();
        var trackingUri = CommonOptions.TrackingUri();
        var pushgateway = CommonOptions.Pushgateway();
        var command = new Command("monitor", "Compute monitoring reports per window from a served model's inference log, each recorded as a run.")
        {
            model, reference, window, since, inferenceLog, notify, stattest, threshold, trackingUri, pushgateway,
        };
        command.SetJobAction(pushgateway, c => $"monitor/{c.Get(model)}", async context =>
        {
            var name = context.Get(model)!;
            if (!Durations.TryParse(context.Get(window)!, out var length))
            {
                throw ArgusException.InvalidParameter($"--window '{context.Get(window)}' is not a duration: {Durations.Help}.");
            }

            DateTimeOffset? from = null;
            if (context.Get(since) is { } text)
            {
                from = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed
                    : throw ArgusException.InvalidParameter($"--since '{text}' is not an ISO 8601 time.");
            }

            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            await using var tracker = Tracker.For(store);
            var table = context.Get(reference) is { } path
                ? TableLoader.Load(path)
                : await TrainingDataAsync(store, name, context.CancellationToken).ConfigureAwait(false);
            using var notifier = context.Get(notify) is { } config ? new Notifier(NotificationOptions.Load(config)) : null;
            var windows = await MonitorJob.RunAsync(tracker, new MonitorOptions
            {
                Model = name,
                LogRoot = ServeCommand.InferenceLogDirectory(context.Get(inferenceLog)),
                Reference = table,
                Window = length,
                Since = from,
                Drift = DriftCommand.Options(context, stattest, threshold),
                ReferenceScorer = new ModelReferenceScorer(store),
                Notifier = notifier,
            }, context.CancellationToken).ConfigureAwait(false);
            foreach (var w in windows)
            {
                var drift = w.Report?.Drift is { } d ? $"  drift {d.NumberOfDriftedColumns}/{d.NumberOfColumns}{(d.DatasetDrift ? " DATASET DRIFT" : string.Empty)}" : string.Empty;
                if (w.Report?.TargetDrift?.Columns.FirstOrDefault(c => c.Column == WindowTable.PredictionColumn) is { } p)
                {
                    drift += p.DriftDetected ? "  PREDICTION DRIFT" : "  prediction stable";
                }

                if (w.ReferenceNote is { } note)
                {
                    drift += $"  ({note})";
                }

                var sent = w.Notified is { } results ? "  notified: " + string.Join(", ", results.Select(r => r.Delivered ? r.Channel : $"{r.Channel} FAILED ({r.Error})")) : string.Empty;
                var time = length.Seconds != 0 || length.Milliseconds != 0 ? "HH:mm:ss" : "HH:mm";
                var span = $"{w.Start.UtcDateTime.ToString("yyyy-MM-dd " + time, CultureInfo.InvariantCulture)}–{w.End.UtcDateTime.ToString(time, CultureInfo.InvariantCulture)}";
                await context.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{span}  {(w.Skipped ? "done before" : $"{w.Rows} rows")}{drift}  run {w.RunId}{sent}")).ConfigureAwait(false);
            }

            if (windows.Count == 0)
            {
                await context.WriteLineAsync("No ended window with predictions to compute.").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    // The champion's training data: the dataset version its run stored, found by the digest in the model's manifest.
    private static async Task<Table> TrainingDataAsync(ITrackingStore store, string model, CancellationToken cancellationToken)
    {
        var source = await ModelSource.ResolveAsync($"models:/{model}@champion", store, cancellationToken).ConfigureAwait(false);
        using var package = await source.LoadAsync(store, cancellationToken).ConfigureAwait(false);
        var manifest = package.Manifest;
        if (manifest.RunId is null)
        {
            throw ArgusException.InvalidParameter($"models:/{model}@champion names no training run; give --reference.");
        }

        var run = await store.GetRunAsync(manifest.RunId, cancellationToken).ConfigureAwait(false);
        var dataset = run.Inputs.DatasetInputs.Select(i => i.Dataset)
            .FirstOrDefault(d => d.SourceType == DatasetVersions.SourceType && d.Source.Contains(manifest.DatasetDigest, StringComparison.Ordinal))
            ?? throw ArgusException.InvalidParameter($"Run {manifest.RunId} holds no stored copy of the training data (digest {manifest.DatasetDigest}); give --reference.");
        return await DatasetVersions.ReadAsync(store, dataset, $"training data of {model} version {source.Version}",
            new ColumnMapping { Target = manifest.Target, Task = manifest.Task.ToLowerInvariant() }, cancellationToken).ConfigureAwait(false);
    }
}
