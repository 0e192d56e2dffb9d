using System.CommandLine;
using Argus.Core.Monitoring.Drift;
using Argus.Core.Monitoring.Reports;
using Argus.Core.Monitoring.Reports.Html;

namespace Argus.Cli.Commands.Monitoring;

/// <summary>
/// <c>argus drift --reference R.csv --current C.csv …</c>: Evidently's data drift of every compared column (features,
/// target and prediction), as JSON (stdout or <c>--json</c>) and HTML (<c>--html</c>).
/// </summary>
internal static class DriftCommand
{
    public static Command Create()
    {
        var inputs = new MonitoringInputs();
        var (stattest, threshold) = TestOptions();
        var share = new Option<double>("--drift-share") { Description = "Dataset drift when at least this share of columns drifted.", DefaultValueFactory = _ => 0.5 };
        var failOnDrift = new Option<bool>("--fail-on-drift") { Description = "Exit with code 1 when dataset drift is detected (for CI and pipelines)." };
        var (json, html) = ReportCommand.Outputs();
        var command = new Command("drift", "Test every column of a current CSV for drift from a reference CSV with Evidently's tests and defaults.");
        foreach (var option in inputs.All)
        {
            command.Options.Add(option);
        }

        foreach (var option in new Option[] { stattest, threshold, share, failOnDrift, json, html })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (result.GetValue(inputs.Reference) is null)
            {
                result.AddError("Option '--reference' is required: drift compares the current data with a reference.");
            }
        });
        command.SetCliAction(async context =>
        {
            var pair = ColumnTableLoader.Load(context.Get(inputs.Reference)!, context.Get(inputs.Current)!, inputs.ResolveMapping(context));
            var result = DatasetDrift.Compute(pair.Reference, pair.Current, Options(context, stattest, threshold) with { DriftShare = context.Get(share) });
            var text = DatasetDriftJson.ToJson(result, indented: true);
            if (context.Get(json) is { } jsonPath)
            {
                await File.WriteAllTextAsync(jsonPath, text + "\n", context.CancellationToken).ConfigureAwait(false);
            }
            else
            {
                await context.WriteLineAsync(text).ConfigureAwait(false);
            }

            if (context.Get(html) is { } htmlPath)
            {
                var page = HtmlPage.Render($"Data drift: {pair.Reference.Name} vs {pair.Current.Name}", TimeProvider.System.GetUtcNow(),
                    writer => DriftHtml.Section(writer, "Data drift", result, ColumnDistribution.From(pair)));
                await File.WriteAllTextAsync(htmlPath, page, context.CancellationToken).ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync(
                $"{result.NumberOfDriftedColumns} of {result.NumberOfColumns} columns drifted; dataset drift {(result.DatasetDrift ? "DETECTED" : "not detected")}").ConfigureAwait(false);
            return result.DatasetDrift && context.Get(failOnDrift) ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The <c>--stattest</c> and <c>--threshold</c> options, shared with <c>argus report</c>.</summary>
    public static (Option<string?> StatTest, Option<double?> Threshold) TestOptions() => (
        new Option<string?>("--stattest") { Description = "Use this test for every column (Evidently's names: ks, wasserstein, psi, jensenshannon, chisquare, z, …); default: Evidently's choice per column." },
        new Option<double?>("--threshold") { Description = "The drift threshold for every column; default: the test's own." });

    /// <summary>Drift options from the shared options (checked, with every problem listed, when drift runs).</summary>
    public static DriftOptions Options(CliContext context, Option<string?> stattest, Option<double?> threshold) =>
        new() { Method = context.Get(stattest), Threshold = context.Get(threshold) };
}
