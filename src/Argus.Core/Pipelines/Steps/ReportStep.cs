using System.Globalization;
using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Reports;

namespace Argus.Core.Pipelines.Steps;

/// <summary>
/// <c>kind: report</c>: what <c>argus report</c> computes over a reference and a current CSV (the current one read
/// under the reference's schema), with the default test suite run over its metrics as a monitoring window does; writes
/// the HTML and JSON where asked.
/// </summary>
public sealed class ReportStep : IStepKind
{
    public string Name => "report";

    public string Description => "Compute a monitoring report (drift, quality, target, performance) over a reference and a current CSV.";

    public IReadOnlyList<StepSetting> Settings { get; } =
    [
        new("reference", true, "The reference CSV (or the digest of a dataset version)."),
        new("current", true, "The current CSV, read with the reference's columns and types."),
        new("presets", false, $"What to compute: {MonitoringReports.PresetNames} (default drift).", IsList: true),
        new("html", false, "Write the self-contained HTML report here."),
        new("json", false, "Write the JSON report here."),
        new("target", false, "The target column."),
        new("prediction", false, "The prediction column."),
        new("task", false, "regression or classification."),
    ];

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var names = context.List("presets").SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        IReadOnlyList<ReportPreset> presets;
        try
        {
            presets = names.Count == 0 ? [ReportPreset.Drift] : MonitoringReports.ParsePresets(names);
        }
        catch (ArgusException e)
        {
            throw context.SettingError("presets", e.Message);
        }

        var task = context.ChoiceOrNull("task", "regression", "classification");
        var (target, prediction) = (context.TextOrNull("target"), context.TextOrNull("prediction"));
        var mapping = target is null && prediction is null && task is null ? null : new ColumnMapping { Target = target, Prediction = prediction, Task = task };
        var html = context.LocalPathOrNull("html");
        var json = context.LocalPathOrNull("json");

        var (reference, referenceSource) = await StepData.ReadAsync(context, "reference", mapping, cancellationToken).ConfigureAwait(false);
        var currentPath = context.LocalPath("current");
        Table current;
        try
        {
            current = TableLoader.LoadLike(currentPath, reference);
        }
        catch (ArgusException e)
        {
            throw new ArgusException(e.Code, $"Step '{context.StepName}': setting 'current': {e.Message}", e);
        }

        await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Reference {referenceSource}: {reference.RowCount} rows; current {currentPath}: {current.RowCount} rows; presets {string.Join(", ", presets).ToLowerInvariant()}")).ConfigureAwait(false);
        MonitoringReport report;
        try
        {
            report = MonitoringReports.Compute(new ReportRequest
            {
                Reference = reference,
                Current = current,
                Presets = presets,
                Title = $"{context.PipelineName}: {context.StepName}",
                TimeProvider = context.TimeProvider,
            });
        }
        catch (ArgusException e)
        {
            throw context.WithStep(e);
        }

        report = MonitoringReports.WithDefaultTests(report, hasReference: true);
        if (report.Drift is { } drift)
        {
            await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Drift: {drift.NumberOfDriftedColumns} of {drift.NumberOfColumns} columns drifted; dataset drift: {(drift.DatasetDrift ? "yes" : "no")}")).ConfigureAwait(false);
        }

        var summary = report.Tests!.Summary;
        await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Tests: {summary.Fail} failed, {summary.Success} succeeded, {summary.Warning} warnings, {summary.Error} errors of {summary.Total}")).ConfigureAwait(false);
        if (json is not null)
        {
            await WriteAsync(json, report.ToJson() + "\n", cancellationToken).ConfigureAwait(false);
            await context.Log.WriteLineAsync($"Wrote {json}").ConfigureAwait(false);
        }

        if (html is not null)
        {
            await WriteAsync(html, report.ToHtml(), cancellationToken).ConfigureAwait(false);
            await context.Log.WriteLineAsync($"Wrote {html}").ConfigureAwait(false);
        }

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["html"] = html ?? string.Empty,
            ["json"] = json ?? string.Empty,
            ["dataset_drift"] = report.Drift?.DatasetDrift == true ? "true" : "false",
            ["failed_tests"] = summary.Fail.ToString(CultureInfo.InvariantCulture),
        };
    }

    private static async Task WriteAsync(string path, string text, CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(path) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        await File.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
    }
}
