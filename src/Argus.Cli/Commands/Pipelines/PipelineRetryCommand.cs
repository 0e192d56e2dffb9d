using System.CommandLine;
using Argus.Core.Pipelines.Steps;
using Argus.Core.Tracking.Sdk;

namespace Argus.Cli.Commands.Pipelines;

/// <summary><c>argus pipeline retry RUN</c>: resumes a failed run here, as a new run that skips its succeeded steps.</summary>
internal static class PipelineRetryCommand
{
    public static Command Create(StepKindCatalog kinds)
    {
        var runId = new Argument<string>("run") { Description = "The failed pipeline run's id." };
        var trackingUri = CommonOptions.TrackingUri();
        var pushgateway = CommonOptions.Pushgateway();
        var command = new Command("retry", "Retry a failed pipeline run: a new run with the same definition, parameters and folder; its succeeded steps are kept, not run again.")
        {
            runId, trackingUri, pushgateway,
        };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            await using var tracker = Tracker.For(store);
            var output = new PipelineRunOutput(context);
            var run = await output.Runner(tracker, kinds, context.Get(pushgateway)).RetryAsync(context.Get(runId)!, context.CancellationToken).ConfigureAwait(false);
            return await output.EndAsync(run).ConfigureAwait(false);
        });
        return command;
    }
}
