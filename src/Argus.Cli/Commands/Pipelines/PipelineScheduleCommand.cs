using System.CommandLine;
using Argus.Core.Pipelines;
using Argus.Core.Pipelines.Runs;
using Argus.Core.Pipelines.Scheduling;
using Argus.Core.Pipelines.Steps;

namespace Argus.Cli.Commands.Pipelines;

/// <summary>
/// <c>argus pipeline schedule FILE --cron EXPR</c>: stores a pipeline's schedule (its YAML, parameters and folder) for
/// <c>argus server</c>'s scheduler, locally or on a server (<c>--tracking-uri http://…</c>).
/// </summary>
internal static class PipelineScheduleCommand
{
    public static Command Create(StepKindCatalog kinds)
    {
        var file = new Argument<string>("file") { Description = "The pipeline YAML file; relative paths in it are read from its folder." };
        var cron = new Option<string>("--cron")
        {
            Description = "When to run: five cron fields (minute hour day-of-month month day-of-week), e.g. \"0 3 * * *\".",
            Required = true,
        };
        var timeZone = new Option<string>("--timezone")
        {
            Description = "The time zone the cron expression is read in: an IANA id such as Europe/Paris.",
            DefaultValueFactory = _ => "UTC",
        };
        var parameters = PipelineRunCommand.Param();
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("schedule", "Schedule a pipeline: argus server runs it at each cron tick (a tick is skipped while the previous run goes).")
        {
            file, cron, timeZone, parameters, trackingUri,
        };
        command.SetCliAction(async context =>
        {
            var path = Path.GetFullPath(context.Get(file)!);
            var definition = PipelineYaml.Load(path, kinds);
            var overrides = PipelineParameters.ParseAssignments(context.Get(parameters) ?? []);
            PipelineParameters.Merge(definition, overrides);
            var schedule = CronSchedule.Parse(context.Get(cron)!, context.Get(timeZone)!);
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var stored = await PipelineStores.For(store).SetScheduleAsync(new PipelineSchedule
            {
                Pipeline = definition.Name,
                Cron = schedule.Expression,
                TimeZone = context.Get(timeZone)!,
                Definition = definition.Source,
                Parameters = overrides,
                WorkingDirectory = Path.GetDirectoryName(path),
            }, context.CancellationToken).ConfigureAwait(false);
            await context.WriteLineAsync($"Scheduled {stored.Pipeline}: {schedule} in {store.DisplayUri}.").ConfigureAwait(false);
            await context.WriteLineAsync("Next runs:").ConfigureAwait(false);
            foreach (var tick in schedule.Upcoming(TimeProvider.System.GetUtcNow(), 3))
            {
                var local = TimeZoneInfo.ConvertTime(tick, schedule.TimeZone);
                await context.WriteLineAsync($"  {local:yyyy-MM-dd HH:mm zzz} ({PipelineRunsCommand.Time(tick)} UTC)").ConfigureAwait(false);
            }

            await context.WriteLineAsync("argus server runs it at those times; argus pipeline schedules lists what is scheduled.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
