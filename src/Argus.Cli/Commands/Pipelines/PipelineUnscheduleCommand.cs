using System.CommandLine;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Runs;

namespace Argus.Cli.Commands.Pipelines;

/// <summary><c>argus pipeline unschedule NAME</c>: removes a pipeline's schedule (its runs stay).</summary>
internal static class PipelineUnscheduleCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("pipeline") { Description = "The scheduled pipeline's name." };
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("unschedule", "Remove a pipeline's schedule; its past runs are kept.") { name, trackingUri };
        command.SetCliAction(async context =>
        {
            var pipeline = context.Get(name)!;
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            if (!await PipelineStores.For(store).DeleteScheduleAsync(pipeline, context.CancellationToken).ConfigureAwait(false))
            {
                throw ArgusException.NotFound($"Pipeline '{pipeline}' has no schedule (argus pipeline schedules lists them).");
            }

            await context.WriteLineAsync($"Unscheduled {pipeline}.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
