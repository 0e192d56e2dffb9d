using System.CommandLine;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Templates;

namespace Argus.Cli.Commands.Pipelines;

/// <summary><c>argus pipeline init TEMPLATE</c>: writes a pipeline file to start from.</summary>
internal static class PipelineInitCommand
{
    public static Command Create()
    {
        var command = new Command("init", "Write a pipeline file from a template.");
        command.Subcommands.Add(Retrain());
        return command;
    }

    private static Command Retrain()
    {
        var data = new Option<string>("--data", "-d") { Description = "The CSV file to train on (relative paths are written relative to the pipeline file).", Required = true };
        var target = new Option<string>("--target", "-t") { Description = "The column to predict.", Required = true };
        var model = new Option<string>("--model", "-m") { Description = "The registered model to retrain and promote.", Required = true };
        var output = new Option<string?>("--out", "-o") { Description = "The file to write; default: MODEL-retrain.yaml in the current folder." };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite the file if it exists." };
        var name = new Option<string?>("--name") { Description = "The pipeline's name; default: MODEL-retrain." };
        var maxEvals = new Option<int>("--max-evals") { Description = "How many parameter sets the tune step tries.", DefaultValueFactory = static _ => 20 };
        var metric = new Option<string>("--metric") { Description = "The held-out metric tuning minimises and promotion compares.", DefaultValueFactory = static _ => "rmse" };
        var command = new Command("retrain", "A pipeline that tunes, trains, registers, evaluates, promotes and monitors a model: data → tune → train → register → evaluate → promote → monitor.")
        {
            data, target, model, output, force, name, maxEvals, metric,
        };
        command.SetCliAction(async context =>
        {
            var options = new RetrainTemplateOptions { Name = context.Get(name), MaxEvals = context.Get(maxEvals), Metric = context.Get(metric)! };
            var modelName = context.Get(model)!;
            var path = Path.GetFullPath(context.Get(output) ?? (options.Name ?? RetrainTemplate.DefaultName(modelName)).Replace('/', '-') + ".yaml");
            var dataPath = context.Get(data)!;
            var yaml = RetrainTemplate.Write(RelativeTo(Path.GetDirectoryName(path)!, dataPath), context.Get(target)!, modelName, options);
            if (File.Exists(path) && !context.Get(force))
            {
                throw ArgusException.AlreadyExists($"{path} exists; pass --force to overwrite it.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, yaml, context.CancellationToken).ConfigureAwait(false);
            if (!dataPath.Contains("://", StringComparison.Ordinal) && !File.Exists(dataPath))
            {
                await context.Error.WriteLineAsync($"note: {dataPath} does not exist yet; the data step will fail until it does.").ConfigureAwait(false);
            }

            var shown = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
            await context.WriteLineAsync($"Wrote {shown}: {string.Join(" → ", RetrainTemplate.StepNames)}.").ConfigureAwait(false);
            await context.WriteLineAsync($"Check it with: argus pipeline validate {shown}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    // Steps read relative paths from the pipeline file's folder, so a path typed relative to here is rewritten for there.
    private static string RelativeTo(string folder, string dataPath) =>
        dataPath.Contains("://", StringComparison.Ordinal) || Path.IsPathRooted(dataPath)
            ? dataPath
            : Path.GetRelativePath(folder, Path.GetFullPath(dataPath));
}
