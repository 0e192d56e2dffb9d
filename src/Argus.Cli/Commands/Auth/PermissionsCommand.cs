using System.CommandLine;
using Argus.Cli.Commands.Experiments;
using Argus.Cli.Output;
using Argus.Core.Auth;
using Argus.Core.Errors;
using Argus.Core.Tracking;
using Spectre.Console;

namespace Argus.Cli.Commands.Auth;

/// <summary><c>argus permissions grant|revoke|list</c>: users' permissions on experiments and registered models.</summary>
internal static class PermissionsCommand
{
    public static Command Create()
    {
        var command = new Command("permissions", "Grant, revoke and list users' permissions (READ, EDIT, MANAGE, NO_PERMISSIONS) on experiments and registered models.");
        command.Subcommands.Add(GrantCommand());
        command.Subcommands.Add(RevokeCommand());
        command.Subcommands.Add(ListCommand());
        return command;
    }

    private static Command GrantCommand()
    {
        var target = new Target();
        var permission = new Option<string>("--permission") { Description = "READ, EDIT, MANAGE or NO_PERMISSIONS.", Required = true };
        permission.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, [.. Permissions.All.Select(p => p.WireName())]);
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("grant", "Give a user a permission on an experiment or a registered model (replacing what they had).")
        {
            target.Experiment, target.Model, target.User, permission, trackingUri,
        };
        command.SetCliAction(async context =>
        {
            var (store, users) = await AuthCliOptions.OpenAsync(context, trackingUri).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                var (kind, resource, label) = await target.ResolveAsync(context, store).ConfigureAwait(false);
                var level = Permissions.Parse(context.Get(permission));
                await users.GrantAsync(kind, resource, context.Get(target.User)!, level, context.CancellationToken).ConfigureAwait(false);
                await context.WriteLineAsync($"'{context.Get(target.User)}' has {level.WireName()} on {label}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RevokeCommand()
    {
        var target = new Target();
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("revoke", "Remove a user's permission on an experiment or a registered model (the server's default applies again).")
        {
            target.Experiment, target.Model, target.User, trackingUri,
        };
        command.SetCliAction(async context =>
        {
            var (store, users) = await AuthCliOptions.OpenAsync(context, trackingUri).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                var (kind, resource, label) = await target.ResolveAsync(context, store).ConfigureAwait(false);
                await users.RevokeAsync(kind, resource, context.Get(target.User)!, context.CancellationToken).ConfigureAwait(false);
                await context.WriteLineAsync($"Removed the permission of '{context.Get(target.User)}' on {label}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var user = new Option<string>("--user") { Description = "Whose permissions.", Required = true };
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("list", "List a user's permissions.") { user, trackingUri };
        command.SetCliAction(async context =>
        {
            var (store, users) = await AuthCliOptions.OpenAsync(context, trackingUri).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                var details = await users.GetUserAsync(context.Get(user)!, context.CancellationToken).ConfigureAwait(false);
                var table = new Table().AddColumn("Kind").AddColumn("Resource").AddColumn("Permission");
                foreach (var p in details.Permissions)
                {
                    table.AddRow(Cells.Of(p.Kind == ResourceKind.Experiment ? "experiment" : "registered model", p.Resource, p.Permission.WireName()));
                }

                context.Console.Write(table);
                await context.WriteLineAsync(
                    $"{details.Permissions.Count} permission{(details.Permissions.Count == 1 ? string.Empty : "s")} for '{details.User.Name}'" +
                    (details.User.IsAdmin ? " (an administrator: may do everything)" : string.Empty)).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Exactly one of <c>--experiment</c> (id or name) or <c>--model</c>, and <c>--user</c>.</summary>
    private sealed class Target
    {
        public Option<string?> Experiment { get; } = new("--experiment") { Description = "The experiment's id or name." };

        public Option<string?> Model { get; } = new("--model") { Description = "The registered model's name." };

        public Option<string> User { get; } = new("--user") { Description = "The user.", Required = true };

        public async Task<(ResourceKind Kind, string Resource, string Label)> ResolveAsync(CliContext context, ITrackingStore store)
        {
            var (experiment, model) = (context.Get(Experiment), context.Get(Model));
            if ((experiment is null) == (model is null))
            {
                throw ArgusException.InvalidParameter("Name exactly one of --experiment or --model.");
            }

            if (model is not null)
            {
                return (ResourceKind.RegisteredModel, model, $"registered model '{model}'");
            }

            var found = await ExperimentLookup.FindAsync(store, experiment!, context.CancellationToken).ConfigureAwait(false);
            return (ResourceKind.Experiment, found.ExperimentId, $"experiment '{found.Name}' ({found.ExperimentId})");
        }
    }
}
