using System.CommandLine;
using System.CommandLine.Invocation;
using Argus.Cli.Commands;
using Argus.Cli.Commands.Data;
using Argus.Cli.Commands.Db;
using Argus.Cli.Commands.Experiments;
using Argus.Cli.Commands.Pipelines;
using Argus.Cli.Commands.Runs;
using Argus.Cli.Commands.Training;
using Argus.Core.Pipelines.Steps;

namespace Argus.Cli;

/// <summary>The <c>argus</c> command line, runnable in-process with any output streams.</summary>
internal static class ArgusCli
{
    // Longer than the server's 10 s graceful shutdown, so Ctrl+C lets it finish and exit 0.
    private static readonly TimeSpan TerminationTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Parses and runs <paramref name="args"/>. Returns 0 on success, 1 when the command failed
    /// (<c>error: …</c> on <paramref name="stderr"/>), 2 for a malformed command line.
    /// </summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(CreateRootCommand(), args, stdout, stderr, cancellationToken);

    /// <summary>As <see cref="RunAsync(string[], TextWriter, TextWriter, CancellationToken)"/> with the commands of <paramref name="root"/>.</summary>
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        // No response files: "@champion" is a model alias, not a file of arguments.
        var parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var configuration = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            ProcessTerminationTimeout = TerminationTimeout,
        };

        if (parseResult.Action is ParseErrorAction parseError)
        {
            // The errors, not a page of help: one line says where help is.
            parseError.ShowHelp = false;
            await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
            await stderr.WriteLineAsync($"See '{HelpCommandOf(parseResult)} --help'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    public static RootCommand CreateRootCommand() => CreateRootCommand(PipelineStepKinds.All);

    /// <summary>The commands, with pipelines checked and run by <paramref name="stepKinds"/>.</summary>
    public static RootCommand CreateRootCommand(StepKindCatalog stepKinds)
    {
        var root = new RootCommand("Argus: MLOps platform with an MLflow-compatible tracking server.");
        root.Subcommands.Add(ServerCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(FeedbackCommand.Create());
        root.Subcommands.Add(Commands.Models.ModelsCommand.Create());
        root.Subcommands.Add(ExperimentsCommand.Create());
        root.Subcommands.Add(RunsCommand.Create());
        root.Subcommands.Add(DbCommand.Create());
        root.Subcommands.Add(GcCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(TuneCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(Commands.Monitoring.DriftCommand.Create());
        root.Subcommands.Add(Commands.Monitoring.ReportCommand.CreateReport());
        root.Subcommands.Add(Commands.Monitoring.ReportCommand.CreateTest());
        root.Subcommands.Add(Commands.Monitoring.MonitorCommand.Create());
        root.Subcommands.Add(PipelineCommand.Create(stepKinds));
        root.Subcommands.Add(Commands.Auth.UsersCommand.Create());
        root.Subcommands.Add(Commands.Auth.TokensCommand.Create());
        root.Subcommands.Add(Commands.Auth.PermissionsCommand.Create());
        return root;
    }

    private static string HelpCommandOf(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command is RootCommand ? "argus" : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
