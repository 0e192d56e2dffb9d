using System.Globalization;
using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Inference;
using Argus.Core.Monitoring.Reports;
using Argus.Core.Notifications;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Sdk;

namespace Argus.Core.Monitoring.Windows;

/// <summary>
/// Monitors a served model from its inference log: cuts the log into fixed windows, and for every window that has
/// ended and has no finished run yet, computes the report against the reference, records it as a run of the
/// <c>monitoring/&lt;model&gt;</c> experiment (metrics, the HTML and JSON report as artifacts, the window as tags),
/// updates the monitoring instruments and sends notifications. The log is the source of truth: a window whose run did
/// not finish (a crash) is computed again, and its stale run marked failed.
/// </summary>
public static class MonitorJob
{
    /// <summary>Tag holding a window run's start (ISO 8601, UTC).</summary>
    public const string WindowStartTag = "argus.monitor.window_start";

    /// <summary>Tag holding a window run's end.</summary>
    public const string WindowEndTag = "argus.monitor.window_end";

    /// <summary>Tag naming the monitored model.</summary>
    public const string ModelTag = "argus.monitor.model";

    /// <summary>The tag holding the model version that answered the window's latest prediction.</summary>
    public const string ModelVersionTag = "argus.monitor.model_version";

    /// <summary>Computes every ended window not computed before; returns them in time order.</summary>
    public static async Task<IReadOnlyList<MonitorWindow>> RunAsync(Tracker tracker, MonitorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var store = tracker.Store;
        var experimentId = await store.GetOrCreateExperimentAsync(options.ExperimentName, cancellationToken).ConfigureAwait(false);
        var (finished, stale) = await ExistingWindowsAsync(store, experimentId, cancellationToken).ConfigureAwait(false);
        var now = options.TimeProvider.GetUtcNow();
        var results = new List<MonitorWindow>();
        var scoredReferences = new Dictionary<string, (Table Table, string? Note)>(StringComparer.Ordinal);
        var log = new FeedbackLog(options.LogRoot, options.TimeProvider);
        DateTimeOffset? currentStart = null;
        WindowTable? window = null;
        await foreach (var joined in log.ReadJoinedAsync(options.Model, options.Since ?? DateTimeOffset.MinValue, now, cancellationToken).ConfigureAwait(false))
        {
            var start = Floor(joined.Inference.Timestamp, options.Window);
            if (start != currentStart)
            {
                if (window is not null)
                {
                    results.Add(await FinishAsync(currentStart!.Value, window).ConfigureAwait(false));
                }

                currentStart = start;
                window = finished.TryGetValue(start, out _) || start + options.Window > now ? null : new WindowTable(options.Reference.Schema);
                if (window is null && finished.TryGetValue(start, out var runId))
                {
                    results.Add(new MonitorWindow(start, start + options.Window, 0, runId, Skipped: true, null));
                }
            }

            window?.Add(joined);
        }

        if (window is not null)
        {
            results.Add(await FinishAsync(currentStart!.Value, window).ConfigureAwait(false));
        }

        return results;

        async Task<MonitorWindow> FinishAsync(DateTimeOffset start, WindowTable rows)
        {
            if (stale.TryGetValue(start, out var staleRun))
            {
                await store.UpdateRunAsync(staleRun, new RunUpdate(RunStatus.Failed, options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds()), cancellationToken).ConfigureAwait(false);
            }

            var (reference, note) = await ReferenceAsync(rows.Version).ConfigureAwait(false);
            var computed = await ComputeAsync(tracker, options, start, rows, reference, cancellationToken).ConfigureAwait(false);
            return computed with { ReferenceNote = note };
        }

        // The reference scored by the window's version (once per version per run), or as given without a scorer. A version
        // the registry cannot give (served from a folder, deleted since) leaves the reference unscored, with the reason.
        async Task<(Table Table, string? Note)> ReferenceAsync(string? version)
        {
            if (options.ReferenceScorer is not { } scorer || version is null)
            {
                return (options.Reference, null);
            }

            if (!scoredReferences.TryGetValue(version, out var scored))
            {
                try
                {
                    var predictions = await scorer.PredictAsync(options.Model, version, options.Reference, cancellationToken).ConfigureAwait(false);
                    scored = (WindowTable.WithPredictions(options.Reference, predictions), null);
                }
                catch (ArgusException e)
                {
                    scored = (options.Reference, $"the reference was not scored by {options.Model} version {version}: {e.Message}");
                }

                scoredReferences[version] = scored;
            }

            return scored;
        }
    }

    private static async Task<MonitorWindow> ComputeAsync(Tracker tracker, MonitorOptions options, DateTimeOffset start, WindowTable rows, Table reference, CancellationToken cancellationToken)
    {
        var end = start + options.Window;
        var current = rows.ToTable($"{options.Model} {Iso(start)}");
        var presets = new List<ReportPreset> { ReportPreset.Drift, ReportPreset.Quality };
        if (reference.Schema.Prediction is not null)
        {
            // The reference was scored by this window's version: drift of the prediction (and of the target where ground
            // truth arrived), the signal that needs no labels.
            presets.Add(ReportPreset.Target);
        }

        if (rows.RowsWithActual > 0 && options.Reference.Schema.Task == TaskType.Regression)
        {
            presets.Add(ReportPreset.Regression);
        }

        var report = MonitoringReports.Compute(new ReportRequest
        {
            Reference = reference,
            Current = current,
            Presets = presets,
            Title = $"{options.Model}: {Iso(start)} – {Iso(end)}",
            Drift = options.Drift,
            TimeProvider = options.TimeProvider,
        });

        // The default test suite on the computed metrics (what `argus report` runs without --tests), so each window has failed
        // tests to record and argus_monitoring_test_suite_failed_tests exists.
        report = MonitoringReports.WithDefaultTests(report, hasReference: true);
        var tags = new Dictionary<string, string>
        {
            [WindowStartTag] = Iso(start),
            [WindowEndTag] = Iso(end),
            [ModelTag] = options.Model,
        };
        if (rows.Version is { } version)
        {
            tags[ModelVersionTag] = version;
        }

        await using var run = await tracker.StartRunAsync(options.ExperimentName, $"window {start.UtcDateTime:yyyy-MM-dd HH:mm}", tags, cancellationToken: cancellationToken).ConfigureAwait(false);
        var step = start.ToUnixTimeSeconds();
        run.LogMetric("window.rows", rows.RowCount, step);
        run.LogMetric("window.rows_with_actual", rows.RowsWithActual, step);
        foreach (var (key, value) in report.Metrics)
        {
            if (double.IsFinite(value) && Tracked(key))
            {
                run.LogMetric(key, value, step);
            }
        }

        await run.LogTextAsync(report.ToHtml(), "report.html", cancellationToken).ConfigureAwait(false);
        await run.LogTextAsync(report.ToJson(), "report.json", cancellationToken).ConfigureAwait(false);
        MonitoringMetrics.Record(options.Model, rows.Version, rows.RowCount, report);
        await run.EndAsync(RunStatus.Finished, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ChannelResult>? notified = null;
        if (options.Notifier is { } notifier && report.Drift is { DatasetDrift: true } drift)
        {
            notified = await notifier.NotifyAsync(DriftNotification(options.Model, start, end, rows.RowCount, drift, options.TimeProvider), cancellationToken).ConfigureAwait(false);
        }

        return new MonitorWindow(start, end, rows.RowCount, run.RunId, Skipped: false, report, notified);
    }

    /// <summary>The message for a window with dataset drift: every drifted column with its test, score and threshold.</summary>
    public static Notification DriftNotification(string model, DateTimeOffset start, DateTimeOffset end, int rows, Drift.DatasetDriftResult drift, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(drift);
        return new Notification
        {
            Title = $"Data drift detected: {model}",
            Summary = $"{drift.NumberOfDriftedColumns} of {drift.NumberOfColumns} columns drifted in {rows} predictions of {Iso(start)} – {Iso(end)} "
                + $"(share {drift.ShareOfDriftedColumns.ToString("0.###", CultureInfo.InvariantCulture)} ≥ {drift.DriftShare.ToString("0.###", CultureInfo.InvariantCulture)}).",
            Severity = NotificationSeverity.Warning,
            Event = "data_drift",
            Timestamp = time.GetUtcNow(),
            Items = [.. drift.Columns.Where(c => c.DriftDetected).Select(c => new NotificationItem(c.Column, c.StatTest, c.Score, c.Threshold))],
            Labels = new Dictionary<string, string> { ["model"] = model, ["window_start"] = Iso(start), ["window_end"] = Iso(end) },
        };
    }

    // Dataset-level quality, missing shares and the model metrics go to the run; the full detail is in report.json.
    private static bool Tracked(string key) =>
        key.StartsWith("regression.", StringComparison.Ordinal) && key.Split('.').Length == 2
        || key.StartsWith("classification.", StringComparison.Ordinal) && key.Split('.').Length == 2
        || key.StartsWith("quality.", StringComparison.Ordinal) && key.Split('.').Length == 2
        || key.StartsWith("drift.", StringComparison.Ordinal)
        || key.StartsWith("quality.columns.", StringComparison.Ordinal) && key.EndsWith(".missing_share", StringComparison.Ordinal);

    private static async Task<(Dictionary<DateTimeOffset, string> Finished, Dictionary<DateTimeOffset, string> Stale)> ExistingWindowsAsync(
        ITrackingStore store, string experimentId, CancellationToken cancellationToken)
    {
        var finished = new Dictionary<DateTimeOffset, string>();
        var stale = new Dictionary<DateTimeOffset, string>();
        string? token = null;
        do
        {
            var page = await store.SearchRunsAsync(new RunSearch { ExperimentIds = [experimentId], PageToken = token }, cancellationToken).ConfigureAwait(false);
            foreach (var run in page.Items)
            {
                var tag = run.Data.Tags.FirstOrDefault(t => t.Key == WindowStartTag);
                if (tag is null || !DateTimeOffset.TryParse(tag.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start))
                {
                    continue;
                }

                if (run.Info.Status == RunStatus.Finished)
                {
                    finished[start] = run.Info.RunId;
                }
                else if (run.Info.Status == RunStatus.Running)
                {
                    stale[start] = run.Info.RunId;
                }
            }

            token = page.NextPageToken;
        }
        while (token is not null);
        return (finished, stale);
    }

    private static DateTimeOffset Floor(DateTimeOffset time, TimeSpan window)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return DateTimeOffset.UnixEpoch.AddTicks(ticks - (((ticks % window.Ticks) + window.Ticks) % window.Ticks));
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
