using System.Globalization;
using Argus.Core.Data;
using Argus.Core.Diagnostics;
using Argus.Core.Monitoring.Windows;
using Argus.Core.Notifications;

namespace Argus.Core.Pipelines.Steps;

/// <summary>
/// <c>kind: monitor</c>: what <c>argus monitor</c> does — every ended window of a served model's inference log not
/// computed before becomes a run of <c>monitoring/&lt;model&gt;</c> with its report, through <see cref="MonitorJob"/> —
/// against a reference given as a CSV or as the digest of a stored dataset version; a window with dataset drift is
/// told to the configured channels. Built with a scorer factory (the XGBoost catalog passes one), each window's reference
/// is scored by the version that answered it, as <c>argus monitor</c> does.
/// </summary>
public sealed class MonitorStep(Func<Tracking.ITrackingStore, IReferenceScorer>? scorer = null) : IStepKind
{
    public string Name => "monitor";

    public string Description => "Compute the monitoring report of every ended window of a served model's inference log, each recorded as a run.";

    public IReadOnlyList<StepSetting> Settings { get; } =
    [
        new("model", true, "The registered model whose inference log to monitor."),
        new("reference", true, "The reference: a CSV (e.g. the training data) or the digest of a stored dataset version (a data step's digest)."),
        new("target", false, "The reference's target column (compared with the ground truth the log received)."),
        new("window", false, "The window length (default 1h): 90s, 10m, 1h, 1d."),
        new("since", false, "Read predictions from this UTC time on (ISO 8601); default: the whole log."),
        new("log_root", false, "The inference log the server writes (default $ARGUS_HOME/inference)."),
        .. StepNotifications.Settings,
    ];

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = context.Text("model");
        var window = context.DurationOrNull("window") ?? TimeSpan.FromHours(1);
        DateTimeOffset? since = context.TextOrNull("since") is { } text
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed
                : throw context.SettingError("since", $"'{text}' is not an ISO 8601 time.")
            : null;
        var logRoot = context.LocalPathOrNull("log_root") ?? ArgusHome.InferenceDirectory;
        if (!Directory.Exists(logRoot))
        {
            // Nothing served yet (a first retrain before any serving): nothing to monitor, which is not a failure.
            await context.Log.WriteLineAsync($"No inference log at {logRoot} yet: no window to compute.").ConfigureAwait(false);
            return new Dictionary<string, string>(StringComparer.Ordinal) { ["windows"] = "0", ["drifted_windows"] = "0", ["last_run_id"] = string.Empty };
        }

        var options = StepNotifications.Options(context);
        var target = context.TextOrNull("target");
        var (reference, source) = await StepData.ReadAsync(context, "reference", target is null ? null : new ColumnMapping { Target = target }, cancellationToken).ConfigureAwait(false);
        await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Monitoring {model} from {logRoot} in {context.TextOrNull("window") ?? "1h"} windows against {source} ({reference.RowCount} rows)")).ConfigureAwait(false);

        using var notifier = options is null ? null : new Notifier(options);
        IReadOnlyList<MonitorWindow> windows;
        try
        {
            windows = await MonitorJob.RunAsync(context.Tracker, new MonitorOptions
            {
                Model = model,
                LogRoot = logRoot,
                Reference = reference,
                Window = window,
                Since = since,
                Notifier = notifier,
                ReferenceScorer = scorer?.Invoke(context.Tracker.Store),
                TimeProvider = context.TimeProvider,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Errors.ArgusException e)
        {
            throw context.WithStep(e);
        }

        var computed = 0;
        var drifted = 0;
        foreach (var w in windows)
        {
            var span = $"{w.Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}–{w.End.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}";
            if (w.Skipped)
            {
                await context.Log.WriteLineAsync($"{span}: done before, run {w.RunId}").ConfigureAwait(false);
                continue;
            }

            computed++;
            var drift = w.Report?.Drift;
            drifted += drift is { DatasetDrift: true } ? 1 : 0;
            var sent = w.Notified is { } results
                ? "; notified: " + string.Join(", ", results.Select(r => r.Delivered ? r.Channel : $"{r.Channel} FAILED ({r.Error})"))
                : string.Empty;
            var prediction = w.Report?.TargetDrift?.Columns.FirstOrDefault(c => c.Column == WindowTable.PredictionColumn) is { } p
                ? p.DriftDetected ? ", prediction drifted" : ", prediction stable"
                : w.ReferenceNote is { } note ? $" ({note})" : string.Empty;
            await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{span}: {w.Rows} rows, {drift?.NumberOfDriftedColumns ?? 0} of {drift?.NumberOfColumns ?? 0} columns drifted{(drift is { DatasetDrift: true } ? " (dataset drift)" : string.Empty)}{prediction}, run {w.RunId}{sent}")).ConfigureAwait(false);
        }

        await context.Log.WriteLineAsync(windows.Count == 0
            ? "No ended window with predictions to compute."
            : string.Create(CultureInfo.InvariantCulture, $"{computed} windows computed, {drifted} with dataset drift")).ConfigureAwait(false);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["windows"] = computed.ToString(CultureInfo.InvariantCulture),
            ["drifted_windows"] = drifted.ToString(CultureInfo.InvariantCulture),
            ["last_run_id"] = windows.Count == 0 ? string.Empty : windows[^1].RunId,
        };
    }
}
