using System.CommandLine;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Reports;
using Argus.Core.Monitoring.Suites;

namespace Argus.Cli.Commands.Monitoring;

/// <summary>
/// <c>argus report --preset quality,regression …</c> and <c>argus test …</c>: compute a report over a reference and a
/// current CSV, write it as JSON (stdout by default) and HTML; <c>test</c> runs a suite over its metrics and exits 1 when
/// a test fails.
/// </summary>
internal static class ReportCommand
{
    public const string Presets = MonitoringReports.PresetNames;

    public static Command CreateReport()
    {
        var inputs = new MonitoringInputs();
        var preset = new Option<string?>("--preset", "-p") { Description = $"What to compute, comma-separated: {Presets}. Default: drift,quality with a reference, quality without." };
        var (json, html) = Outputs();
        var command = new Command("report", "Compute a monitoring report over a reference and a current CSV: JSON to stdout (or --json), HTML with --html.");
        foreach (var option in inputs.All)
        {
            command.Options.Add(option);
        }

        var (stattest, threshold) = DriftCommand.TestOptions();
        command.Options.Add(preset);
        command.Options.Add(stattest);
        command.Options.Add(threshold);
        command.Options.Add(json);
        command.Options.Add(html);
        command.SetCliAction(async context =>
        {
            var (reference, current) = inputs.Load(context);
            var report = MonitoringReports.Compute(new ReportRequest
            {
                Reference = reference,
                Current = current,
                Presets = ParsePresets(context.Get(preset) ?? (reference is null ? "quality" : "drift,quality")),
                Drift = DriftCommand.Options(context, stattest, threshold),
            });
            await WriteAsync(context, report, context.Get(json), context.Get(html)).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreateTest()
    {
        var inputs = new MonitoringInputs();
        var preset = new Option<string>("--preset", "-p") { Description = $"Which metrics the default tests cover, comma-separated: {Presets}.", DefaultValueFactory = _ => "quality" };
        var tests = new Option<string?>("--tests", "-t") { Description = "A test-suite JSON file ({\"tests\": [{\"metric\": \"regression.rmse\", \"condition\": {\"operator\": \"lt\", \"value\": 1.2}}]}); without it, Evidently's default tests for the presets." };
        var (json, html) = Outputs();
        var command = new Command("test", "Run a test suite over a report's metrics; exit code 1 when a test fails.");
        foreach (var option in inputs.All)
        {
            command.Options.Add(option);
        }

        command.Options.Add(preset);
        command.Options.Add(tests);
        command.Options.Add(json);
        command.Options.Add(html);
        command.SetCliAction(async context =>
        {
            var (reference, current) = inputs.Load(context);
            var presets = ParsePresets(context.Get(preset)!);
            var request = new ReportRequest { Reference = reference, Current = current, Presets = presets };
            TestSuiteDefinition suite;
            if (context.Get(tests) is { } path)
            {
                suite = File.Exists(path) ? SuiteJson.ReadDefinition(await File.ReadAllTextAsync(path, context.CancellationToken).ConfigureAwait(false))
                    : throw ArgusException.NotFound($"The test suite '{path}' does not exist.");
            }
            else
            {
                suite = MonitoringReports.DefaultTests(MonitoringReports.Compute(request), reference is not null);
            }

            var report = MonitoringReports.Compute(request with { Tests = suite });
            await WriteAsync(context, report, context.Get(json), context.Get(html)).ConfigureAwait(false);
            var summary = report.Tests!.Summary;
            await context.Error.WriteLineAsync(
                $"{(summary.Passed ? "passed" : "FAILED")}: {summary.Success} success, {summary.Fail} fail, {summary.Warning} warning, {summary.Error} error of {summary.Total} tests").ConfigureAwait(false);
            return summary.Passed ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    internal static (Option<string?> Json, Option<string?> Html) Outputs() => (
        new Option<string?>("--json") { Description = "Write the JSON here instead of stdout." },
        new Option<string?>("--html") { Description = "Write the self-contained HTML report here." });

    private static async Task WriteAsync(CliContext context, MonitoringReport report, string? json, string? html)
    {
        var text = report.ToJson();
        if (json is null)
        {
            await context.WriteLineAsync(text).ConfigureAwait(false);
        }
        else
        {
            await File.WriteAllTextAsync(json, text + "\n", context.CancellationToken).ConfigureAwait(false);
        }

        if (html is not null)
        {
            await File.WriteAllTextAsync(html, report.ToHtml(), context.CancellationToken).ConfigureAwait(false);
        }
    }

    internal static IReadOnlyList<ReportPreset> ParsePresets(string text) =>
        MonitoringReports.ParsePresets(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
