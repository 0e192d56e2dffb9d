using System.CommandLine;
using Argus.Cli.Commands.Experiments;
using Argus.Cli.Output;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Rest;

namespace Argus.Cli.Commands.Runs;

/// <summary><c>argus runs list|show|delete|restore</c>.</summary>
internal static class RunsCommand
{
    /// <summary>Runs a list shows unless told otherwise: a screenful, not MLflow's 1000.</summary>
    public const int DefaultListSize = 100;

    public static Command Create()
    {
        var command = new Command("runs", "List, show, delete and restore runs.");
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(ShowCommand());
        command.Subcommands.Add(DeleteCommand());
        command.Subcommands.Add(RestoreCommand());
        return command;
    }

    private static Command ListCommand()
    {
        var experiments = new Option<string[]>("--experiment", "-e")
        {
            Description = "An experiment id or name, repeatable.",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var filter = CommonOptions.Filter("\"metrics.rmse < 0.5 and params.model = 'xgb'\"");
        var orderBy = CommonOptions.OrderBy("\"metrics.rmse ASC\" or \"attributes.start_time DESC\"");
        var maxResults = CommonOptions.MaxResults(DefaultListSize, RunSearch.MaxMaxResults);
        var view = CommonOptions.View();
        var pageToken = CommonOptions.PageToken();
        var output = CommonOptions.Output();
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("list", "List the runs of one or more experiments, with their metrics and params.")
        {
            experiments, filter, orderBy, maxResults, view, pageToken, output, trackingUri,
        };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var experimentIds = new List<string>();
            foreach (var idOrName in context.Get(experiments) ?? [])
            {
                var experiment = await ExperimentLookup.FindAsync(store, idOrName, context.CancellationToken).ConfigureAwait(false);
                experimentIds.Add(experiment.ExperimentId);
            }

            var page = await store.SearchRunsAsync(new RunSearch
            {
                ExperimentIds = experimentIds,
                Filter = context.Get(filter),
                OrderBy = context.Get(orderBy) ?? [],
                MaxResults = context.Get(maxResults),
                ViewType = CommonOptions.ViewTypeOf(context.Get(view)),
                PageToken = context.Get(pageToken),
            }, context.CancellationToken).ConfigureAwait(false);

            if (CommonOptions.OutputFormatOf(context.Get(output)) == OutputFormat.Json)
            {
                await JsonOutput.WriteAsync(context.Out, new SearchRunsResponse(page.Items, page.NextPageToken), context.CancellationToken).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            context.Console.Write(RunViews.List(page.Items, out var omitted));
            await context.WriteLineAsync(page.Items.Count == 1 ? "1 run" : $"{page.Items.Count} runs").ConfigureAwait(false);
            if (omitted > 0)
            {
                await context.WriteLineAsync(
                    $"{omitted} more metric/param column(s) not shown (at most {RunViews.MaxDataColumns}); use --output json or `argus runs show RUN_ID` to see all.").ConfigureAwait(false);
            }

            if (page.NextPageToken is not null)
            {
                await context.WriteLineAsync($"More runs match: rerun with --page-token {page.NextPageToken}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ShowCommand()
    {
        var runId = RunIdArgument();
        var output = CommonOptions.Output();
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("show", "Show a run: info, params, latest metrics, tags and dataset inputs.") { runId, output, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var run = await store.GetRunAsync(context.Get(runId)!, context.CancellationToken).ConfigureAwait(false);
            if (CommonOptions.OutputFormatOf(context.Get(output)) == OutputFormat.Json)
            {
                await JsonOutput.WriteAsync(context.Out, new RunResponse(run), context.CancellationToken).ConfigureAwait(false);
            }
            else
            {
                context.Console.Write(RunViews.Details(run));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DeleteCommand()
    {
        var runId = RunIdArgument();
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("delete", "Delete a run (restorable until `argus gc`).") { runId, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var id = context.Get(runId)!;
            await store.DeleteRunAsync(id, context.CancellationToken).ConfigureAwait(false);
            await context.WriteLineAsync($"Deleted run {id}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RestoreCommand()
    {
        var runId = RunIdArgument();
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("restore", "Restore a deleted run.") { runId, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var id = context.Get(runId)!;
            await store.RestoreRunAsync(id, context.CancellationToken).ConfigureAwait(false);
            await context.WriteLineAsync($"Restored run {id}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Argument<string> RunIdArgument() => new("run-id") { Description = "The run's id." };
}
