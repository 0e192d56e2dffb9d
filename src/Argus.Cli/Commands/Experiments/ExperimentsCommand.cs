using System.CommandLine;
using Argus.Cli.Output;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Rest;

namespace Argus.Cli.Commands.Experiments;

/// <summary><c>argus experiments create|list|show|rename|delete|restore</c>.</summary>
internal static class ExperimentsCommand
{
    private const string IdOrNameDescription = "The experiment's id or name.";

    public static Command Create()
    {
        var command = new Command("experiments", "Create, list, show, rename, delete and restore experiments.");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(ShowCommand());
        command.Subcommands.Add(RenameCommand());
        command.Subcommands.Add(DeleteCommand());
        command.Subcommands.Add(RestoreCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var name = new Argument<string>("name") { Description = "The new experiment's name." };
        var artifactLocation = new Option<string?>("--artifact-location")
        {
            Description = "Where its runs store artifacts; default: the store's artifact root.",
        };
        var tags = TagOption.Create();
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("create", "Create an experiment and print its id.") { name, artifactLocation, tags, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var experimentName = context.Get(name)!;
            var id = await store.CreateExperimentAsync(experimentName, context.Get(artifactLocation), context.Get(tags) ?? [], context.CancellationToken).ConfigureAwait(false);
            await context.WriteLineAsync($"Created experiment '{experimentName}' with id {id}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var view = CommonOptions.View();
        var filter = CommonOptions.Filter("\"name LIKE 'fraud%'\" or \"tags.team = 'risk'\"");
        var orderBy = CommonOptions.OrderBy("\"name ASC\" or \"creation_time DESC\"");
        var maxResults = CommonOptions.MaxResults(100, ExperimentSearch.MaxMaxResults);
        var pageToken = CommonOptions.PageToken();
        var output = CommonOptions.Output();
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("list", "List experiments.") { view, filter, orderBy, maxResults, pageToken, output, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var page = await store.SearchExperimentsAsync(new ExperimentSearch
            {
                ViewType = CommonOptions.ViewTypeOf(context.Get(view)),
                Filter = context.Get(filter),
                OrderBy = context.Get(orderBy) ?? [],
                MaxResults = context.Get(maxResults),
                PageToken = context.Get(pageToken),
            }, context.CancellationToken).ConfigureAwait(false);

            if (CommonOptions.OutputFormatOf(context.Get(output)) == OutputFormat.Json)
            {
                await JsonOutput.WriteAsync(context.Out, new SearchExperimentsResponse(page.Items, page.NextPageToken), context.CancellationToken).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            context.Console.Write(ExperimentViews.List(page.Items));
            await context.WriteLineAsync(page.Items.Count == 1 ? "1 experiment" : $"{page.Items.Count} experiments").ConfigureAwait(false);
            if (page.NextPageToken is not null)
            {
                await context.WriteLineAsync($"More experiments match: rerun with --page-token {page.NextPageToken}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ShowCommand()
    {
        var experiment = new Argument<string>("experiment") { Description = IdOrNameDescription };
        var output = CommonOptions.Output();
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("show", "Show an experiment and its tags.") { experiment, output, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var found = await ExperimentLookup.FindAsync(store, context.Get(experiment)!, context.CancellationToken).ConfigureAwait(false);
            if (CommonOptions.OutputFormatOf(context.Get(output)) == OutputFormat.Json)
            {
                await JsonOutput.WriteAsync(context.Out, new ExperimentResponse(found), context.CancellationToken).ConfigureAwait(false);
            }
            else
            {
                context.Console.Write(ExperimentViews.Details(found));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RenameCommand()
    {
        var experiment = new Argument<string>("experiment") { Description = IdOrNameDescription };
        var newName = new Argument<string>("new-name") { Description = "The name to give it." };
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("rename", "Rename an experiment.") { experiment, newName, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var found = await ExperimentLookup.FindAsync(store, context.Get(experiment)!, context.CancellationToken).ConfigureAwait(false);
            var name = context.Get(newName)!;
            await store.RenameExperimentAsync(found.ExperimentId, name, context.CancellationToken).ConfigureAwait(false);
            await context.WriteLineAsync($"Renamed experiment {found.ExperimentId} from '{found.Name}' to '{name}'").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DeleteCommand()
    {
        var experiment = new Argument<string>("experiment") { Description = IdOrNameDescription };
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("delete", "Delete an experiment and its runs (restorable until `argus gc`).") { experiment, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var found = await ExperimentLookup.FindAsync(store, context.Get(experiment)!, context.CancellationToken).ConfigureAwait(false);
            await store.DeleteExperimentAsync(found.ExperimentId, context.CancellationToken).ConfigureAwait(false);
            await context.WriteLineAsync($"Deleted experiment {found.ExperimentId} ('{found.Name}')").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RestoreCommand()
    {
        var experiment = new Argument<string>("experiment") { Description = IdOrNameDescription };
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("restore", "Restore a deleted experiment and the runs deleted with it.") { experiment, trackingUri };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var found = await ExperimentLookup.FindAsync(store, context.Get(experiment)!, context.CancellationToken).ConfigureAwait(false);
            await store.RestoreExperimentAsync(found.ExperimentId, context.CancellationToken).ConfigureAwait(false);
            await context.WriteLineAsync($"Restored experiment {found.ExperimentId} ('{found.Name}')").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
