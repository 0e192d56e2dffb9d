using System.CommandLine;
using Argus.Core.Pipelines.Runs;

namespace Argus.Cli.Commands.Pipelines;

/// <summary><c>argus pipeline logs RUN [--step S]</c>: what a run's steps wrote.</summary>
internal static class PipelineLogsCommand
{
    public static Command Create()
    {
        var runId = new Argument<string>("run") { Description = "The pipeline run's id." };
        var step = new Option<string?>("--step") { Description = "Only this step's log, as it was written." };
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("logs", "Print a pipeline run's step logs, in run order with a header per step (or one step's log).") { runId, step, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var trackingStore = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var store = PipelineStores.For(trackingStore);
            var id = context.Get(runId)!;
            if (context.Get(step) is { } only)
            {
                await context.Out.WriteAsync(await store.GetStepLogAsync(id, only, context.CancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var run = await store.GetRunAsync(id, context.CancellationToken).ConfigureAwait(false);
            foreach (var stepRun in run.Steps)
            {
                var attempts = stepRun.Attempts == 1 ? "1 attempt" : $"{stepRun.Attempts} attempts";
                await context.WriteLineAsync($"==> {stepRun.Step} ({stepRun.Kind}): {PipelineText.Of(stepRun.State)}, {attempts} <==").ConfigureAwait(false);
                var log = await store.GetStepLogAsync(id, stepRun.Step, context.CancellationToken).ConfigureAwait(false);
                await context.Out.WriteAsync(log.Length == 0 ? (stepRun.Error is null ? "(no log)\n" : $"(no log) {stepRun.Error}\n") : log).ConfigureAwait(false);
                if (log.Length > 0 && !log.EndsWith('\n'))
                {
                    await context.WriteLineAsync(string.Empty).ConfigureAwait(false);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
