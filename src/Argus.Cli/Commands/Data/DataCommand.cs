using System.CommandLine;
using System.Globalization;
using Argus.Cli.Output;
using Argus.Core.Data;
using Spectre.Console;

namespace Argus.Cli.Commands.Data;

/// <summary><c>argus data profile FILE</c>: schema, row count, digest and a summary per column.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "Inspect tabular data files.");
        command.Subcommands.Add(ProfileCommand());
        return command;
    }

    private static Command ProfileCommand()
    {
        var file = new Argument<string>("file") { Description = "A CSV file." };
        var mapping = new Option<string?>("--mapping", "-m") { Description = "A column mapping file (YAML or JSON); it wins over inference." };
        var output = CommonOptions.Output();
        var command = new Command("profile", "Print a CSV's inferred schema, row count, digest and per-column summary.") { file, mapping, output };
        command.SetCliAction(async context =>
        {
            var path = context.Get(file)!;
            var columnMapping = context.Get(mapping) is { } m ? ColumnMapping.Load(m) : null;
            var table = TableLoader.Load(path, columnMapping);
            var digest = DatasetDigest.Compute(table);
            var profile = DatasetProfile.Compute(table);
            if (CommonOptions.OutputFormatOf(context.Get(output)) == OutputFormat.Json)
            {
                await context.WriteLineAsync(profile.ToJson()).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await context.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(path)}: {profile.RowCount} rows, {profile.Columns.Count} columns, digest {digest.Short} (sha256 {digest.Sha256})")).ConfigureAwait(false);
            if (table.Schema.Target is { } target)
            {
                await context.WriteLineAsync($"target: {target} ({table.Schema.Task?.ToString().ToLowerInvariant() ?? "task not set"})").ConfigureAwait(false);
            }

            var grid = new Spectre.Console.Table().AddColumns("column", "type", "missing", "min", "max", "mean", "distinct", "top values");
            foreach (var column in profile.Columns)
            {
                grid.AddRow(
                    Markup.Escape(column.Name),
                    column.Type.ToString().ToLowerInvariant(),
                    column.MissingCount.ToString(CultureInfo.InvariantCulture),
                    Number(column.Min),
                    Number(column.Max),
                    Number(column.Mean),
                    column.DistinctCount?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                    Markup.Escape(string.Join(", ", (column.TopValues ?? []).Select(v => $"{v.Value} ({v.Count})"))));
            }

            context.Console.Write(grid);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Number(double? value) => value?.ToString("G6", CultureInfo.InvariantCulture) ?? string.Empty;
}
