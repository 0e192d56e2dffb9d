using System.CommandLine;
using System.Globalization;
using Argus.Cli.Output;
using Argus.Core.Pipelines.Runs;
using Spectre.Console;

namespace Argus.Cli.Commands.Pipelines;

/// <summary><c>argus pipeline runs</c>: the latest pipeline runs, newest first.</summary>
internal static class PipelineRunsCommand
{
    public static Command Create()
    {
        var pipeline = new Option<string?>("--pipeline") { Description = "Only runs of this pipeline." };
        var state = new Option<string?>("--state") { Description = "Only runs in this state: running, succeeded or failed." };
        state.AcceptOnlyFromAmong("running", "succeeded", "failed");
        var max = new Option<int>("--max")
        {
            Description = $"How many runs to list (1 to {PipelineLimits.MaxMaxResults}).",
            DefaultValueFactory = _ => 20,
        };
        max.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < 1 || value > PipelineLimits.MaxMaxResults)
            {
                result.AddError($"--max must be between 1 and {PipelineLimits.MaxMaxResults}, not {value}.");
            }
        });
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("runs", "List pipeline runs, newest first: id, pipeline, state, trigger, start and duration.") { pipeline, state, max, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var page = await PipelineStores.For(store).SearchRunsAsync(new PipelineRunQuery
            {
                Pipeline = context.Get(pipeline),
                State = context.Get(state) is { } text ? PipelineText.ParseRunState(text, "--state") : null,
                MaxResults = context.Get(max),
            }, context.CancellationToken).ConfigureAwait(false);
            if (page.Items.Count == 0)
            {
                await context.WriteLineAsync("No pipeline runs.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("run id", "pipeline", "state", "trigger", "started (UTC)", "duration");
            foreach (var run in page.Items)
            {
                table.AddRow(Cells.Of(
                    run.RunId,
                    run.Pipeline,
                    PipelineText.Of(run.State),
                    run.RetryOf is { } of ? $"retry of {of}" : PipelineText.Of(run.Trigger),
                    Time(run.StartTime),
                    run.EndTime is { } end ? PipelineRunOutput.Elapsed(end - run.StartTime) : "running"));
            }

            context.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary><c>2026-03-01 08:00:00</c>, in UTC.</summary>
    internal static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
