using System.CommandLine;
using Argus.Core.Notifications;
using Argus.Core.Pipelines;
using Argus.Core.Pipelines.Steps;
using Spectre.Console;

namespace Argus.Cli.Commands.Pipelines;

/// <summary><c>argus pipeline validate FILE</c>: checks a pipeline file and prints its steps in run order.</summary>
internal static class PipelineValidateCommand
{
    public static Command Create(StepKindCatalog kinds)
    {
        var file = new Argument<string>("file") { Description = "The pipeline YAML file." };
        var command = new Command("validate", "Check a pipeline file: print its steps in run order, or every problem with its line.") { file };
        command.SetCliAction(async context =>
        {
            var definition = PipelineYaml.Load(context.Get(file)!, kinds);
            var graph = PipelineGraph.Of(definition);
            var steps = definition.Steps.Count == 1 ? "1 step" : $"{definition.Steps.Count} steps";
            await context.WriteLineAsync($"{definition.Name}: valid, {steps}.").ConfigureAwait(false);
            if (definition.Parameters.Count > 0)
            {
                await context.WriteLineAsync("params: " + string.Join(", ", definition.Parameters.Select(p => $"{p.Key}={p.Value}"))).ConfigureAwait(false);
            }

            if (definition.OnFailure is { } onFailure)
            {
                await context.WriteLineAsync("on failure: notifies " + string.Join(", ", onFailure.Channels.Select(Describe))).ConfigureAwait(false);
            }

            var table = new Table().AddColumns("#", "step", "kind", "needs", "retries", "timeout");
            var position = 0;
            foreach (var name in graph.Order)
            {
                var step = graph.Step(name);
                table.AddRow(
                    (++position).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(step.Name),
                    Markup.Escape(step.Kind),
                    Markup.Escape(step.Needs.Count == 0 ? "-" : string.Join(", ", step.Needs)),
                    step.Retry.Retries == 0 ? "0" : $"{step.Retry.Retries} (after {Core.Durations.Format(step.Retry.Delay)} ×{step.Retry.Backoff:0.##})",
                    step.Timeout is { } timeout ? Core.Durations.Format(timeout) : "none");
            }

            context.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Describe(ChannelOptions channel) => channel switch
    {
        WebhookChannelOptions webhook => $"{channel.Name} (webhook {webhook.Url.Host})",
        EmailChannelOptions email => $"{channel.Name} (email to {string.Join(", ", email.To)})",
        _ => channel.Name,
    };
}
