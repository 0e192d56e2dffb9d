using System.CommandLine;
using Argus.Cli.Output;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Runs;
using Argus.Core.Pipelines.Scheduling;
using Spectre.Console;

namespace Argus.Cli.Commands.Pipelines;

/// <summary><c>argus pipeline schedules</c>: every scheduled pipeline with its cron, time zone and ticks.</summary>
internal static class PipelineSchedulesCommand
{
    public static Command Create()
    {
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("schedules", "List scheduled pipelines: cron, time zone, enabled, last and next tick (UTC).") { trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var schedules = await PipelineStores.For(store).ListSchedulesAsync(context.CancellationToken).ConfigureAwait(false);
            if (schedules.Count == 0)
            {
                await context.WriteLineAsync("No pipeline is scheduled.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var now = TimeProvider.System.GetUtcNow();
            var table = new Table().AddColumns("pipeline", "cron", "time zone", "enabled", "last tick (UTC)", "next tick (UTC)");
            foreach (var schedule in schedules)
            {
                table.AddRow(Cells.Of(
                    schedule.Pipeline,
                    schedule.Cron,
                    schedule.TimeZone,
                    schedule.Enabled ? "yes" : "no",
                    schedule.LastTick is { } last ? PipelineRunsCommand.Time(last) : "-",
                    schedule.Enabled ? Next(schedule, now) : "-"));
            }

            context.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Next(PipelineSchedule schedule, DateTimeOffset now)
    {
        try
        {
            var after = schedule.LastTick is { } last && last > now ? last : now;
            return PipelineRunsCommand.Time(CronSchedule.Parse(schedule.Cron, schedule.TimeZone).Next(after));
        }
        catch (ArgusException e)
        {
            return "invalid: " + e.Message;
        }
    }
}
