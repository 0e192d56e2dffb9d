using System.CommandLine;
using Argus.Core.Pipelines;
using Argus.Core.Pipelines.Steps;
using Argus.Core.Tracking.Sdk;

namespace Argus.Cli.Commands.Pipelines;

/// <summary><c>argus pipeline run FILE</c>: runs a pipeline here, recording the run, its steps and their logs.</summary>
internal static class PipelineRunCommand
{
    public static Command Create(StepKindCatalog kinds)
    {
        var file = new Argument<string>("file") { Description = "The pipeline YAML file; relative paths in it are read from its folder." };
        var parameters = Param();
        var trackingUri = CommonOptions.TrackingUri();
        var pushgateway = CommonOptions.Pushgateway();
        var command = new Command("run", "Run a pipeline now: its steps in order (independent ones at once), with their retries and timeouts; exit 1 when it fails.")
        {
            file, parameters, trackingUri, pushgateway,
        };
        command.SetCliAction(async context =>
        {
            var path = Path.GetFullPath(context.Get(file)!);
            var definition = PipelineYaml.Load(path, kinds);
            var overrides = PipelineParameters.ParseAssignments(context.Get(parameters) ?? []);
            PipelineParameters.Merge(definition, overrides);
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            await using var tracker = Tracker.For(store);
            var output = new PipelineRunOutput(context);
            var run = await output.Runner(tracker, kinds, context.Get(pushgateway)).RunAsync(definition, new PipelineRunRequest
            {
                Parameters = overrides,
                WorkingDirectory = Path.GetDirectoryName(path),
            }, context.CancellationToken).ConfigureAwait(false);
            return await output.EndAsync(run).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary><c>--param NAME=VALUE</c>, repeatable: values overriding the pipeline's <c>params</c>.</summary>
    internal static Option<string[]> Param() => new("--param")
    {
        Description = "NAME=VALUE overriding a parameter's default (repeatable).",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };
}
