using System.CommandLine;
using Argus.Core.Pipelines.Steps;

namespace Argus.Cli.Commands.Pipelines;

/// <summary><c>argus pipeline …</c>: write, check and run pipelines. Each subcommand lives in its own file.</summary>
internal static class PipelineCommand
{
    /// <summary>The command group; <paramref name="kinds"/> are the step kinds pipelines may use.</summary>
    public static Command Create(StepKindCatalog kinds)
    {
        var command = new Command("pipeline", "Pipelines: YAML DAGs of steps (data, tune, train, register, evaluate, promote, monitor, notify…).");
        command.Subcommands.Add(PipelineInitCommand.Create());
        command.Subcommands.Add(PipelineValidateCommand.Create(kinds));
        command.Subcommands.Add(PipelineRunCommand.Create(kinds));
        command.Subcommands.Add(PipelineRetryCommand.Create(kinds));
        command.Subcommands.Add(PipelineRunsCommand.Create());
        command.Subcommands.Add(PipelineLogsCommand.Create());
        command.Subcommands.Add(PipelineScheduleCommand.Create(kinds));
        command.Subcommands.Add(PipelineUnscheduleCommand.Create());
        command.Subcommands.Add(PipelineSchedulesCommand.Create());
        return command;
    }
}
