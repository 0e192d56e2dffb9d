using System.CommandLine;
using Argus.Cli.Output;
using Spectre.Console;

namespace Argus.Cli.Commands.Auth;

/// <summary><c>argus users create|list|delete|set-admin|set-password</c>: the users who may sign in to a server with <c>--auth</c>.</summary>
internal static class UsersCommand
{
    public static Command Create()
    {
        var command = new Command("users", "Create, list and delete the users of a server with --auth; set their password or administrator flag.");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(DeleteCommand());
        command.Subcommands.Add(SetAdminCommand());
        command.Subcommands.Add(SetPasswordCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var name = new Argument<string>("username") { Description = "The new user's name." };
        var password = AuthCliOptions.Password();
        var stdin = AuthCliOptions.PasswordStdin();
        var admin = new Option<bool>("--admin") { Description = "Make the user an administrator (may do everything)." };
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("create", "Create a user.") { name, password, stdin, admin, trackingUri };
        command.SetCliAction(async context =>
        {
            var secret = await AuthCliOptions.ReadPasswordAsync(context, password, stdin).ConfigureAwait(false);
            var (store, users) = await AuthCliOptions.OpenAsync(context, trackingUri).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                var user = await users.CreateUserAsync(context.Get(name)!, secret, context.Get(admin), context.CancellationToken).ConfigureAwait(false);
                await context.WriteLineAsync($"Created user '{user.Name}'{(user.IsAdmin ? " (administrator)" : string.Empty)}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("list", "List users.") { trackingUri };
        command.SetCliAction(async context =>
        {
            var (store, users) = await AuthCliOptions.OpenAsync(context, trackingUri).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                var all = await users.ListUsersAsync(context.CancellationToken).ConfigureAwait(false);
                var table = new Table().AddColumn("User").AddColumn("Administrator").AddColumn("Created (UTC)");
                foreach (var user in all)
                {
                    table.AddRow(Cells.Of(user.Name, user.IsAdmin ? "yes" : "no", Formats.Timestamp(user.CreatedAt.ToUnixTimeMilliseconds())));
                }

                context.Console.Write(table);
                await context.WriteLineAsync(all.Count == 1 ? "1 user" : $"{all.Count} users").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DeleteCommand()
    {
        var name = new Argument<string>("username") { Description = "The user to delete, with their tokens and permissions." };
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("delete", "Delete a user.") { name, trackingUri };
        command.SetCliAction(async context =>
        {
            var (store, users) = await AuthCliOptions.OpenAsync(context, trackingUri).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                await users.DeleteUserAsync(context.Get(name)!, context.CancellationToken).ConfigureAwait(false);
                await context.WriteLineAsync($"Deleted user '{context.Get(name)}'").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command SetAdminCommand()
    {
        var name = new Argument<string>("username") { Description = "The user." };
        var value = new Argument<bool>("is-admin") { Description = "true to make them an administrator, false to stop." };
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("set-admin", "Make a user an administrator or not.") { name, value, trackingUri };
        command.SetCliAction(async context =>
        {
            var (store, users) = await AuthCliOptions.OpenAsync(context, trackingUri).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                var isAdmin = context.Get(value);
                await users.SetAdminAsync(context.Get(name)!, isAdmin, context.CancellationToken).ConfigureAwait(false);
                await context.WriteLineAsync($"'{context.Get(name)}' is {(isAdmin ? "now" : "no longer")} an administrator").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command SetPasswordCommand()
    {
        var name = new Argument<string>("username") { Description = "The user." };
        var password = AuthCliOptions.Password();
        var stdin = AuthCliOptions.PasswordStdin();
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("set-password", "Set a user's password (their browser sessions end).") { name, password, stdin, trackingUri };
        command.SetCliAction(async context =>
        {
            var secret = await AuthCliOptions.ReadPasswordAsync(context, password, stdin).ConfigureAwait(false);
            var (store, users) = await AuthCliOptions.OpenAsync(context, trackingUri).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                await users.SetPasswordAsync(context.Get(name)!, secret, context.CancellationToken).ConfigureAwait(false);
                await context.WriteLineAsync($"Set the password of '{context.Get(name)}'").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
