using System.CommandLine;
using System.Globalization;
using Argus.Cli.Output;
using Argus.Core;
using Argus.Core.Errors;
using Spectre.Console;

namespace Argus.Cli.Commands.Auth;

/// <summary><c>argus tokens create|list|revoke</c>: API tokens, for MLFLOW_TRACKING_TOKEN or as a basic-auth password.</summary>
internal static class TokensCommand
{
    public static Command Create()
    {
        var command = new Command("tokens", "Create, list and revoke API tokens (send one as MLFLOW_TRACKING_TOKEN).");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(RevokeCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var name = new Option<string>("--name") { Description = "What the token is for (e.g. ci, alertmanager).", Required = true };
        var user = new Option<string?>("--user") { Description = "Whose token (administrators only). Default: yours; required over a database." };
        var expiresIn = new Option<string?>("--expires-in") { Description = $"How long it works: {Durations.Help}. Default: until revoked." };
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("create", "Create a token and print it (the only time it is shown).") { name, user, expiresIn, trackingUri };
        command.SetCliAction(async context =>
        {
            DateTimeOffset? expires = null;
            if (context.Get(expiresIn) is { } text)
            {
                expires = Durations.TryParse(text, out var duration) && duration > TimeSpan.Zero
                    ? TimeProvider.System.GetUtcNow() + duration
                    : throw ArgusException.InvalidParameter($"Invalid --expires-in '{text}': use {Durations.Help} greater than 0.");
            }

            var (store, users) = await AuthCliOptions.OpenAsync(context, trackingUri).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                var created = await users.CreateTokenAsync(context.Get(user), context.Get(name)!, expires, context.CancellationToken).ConfigureAwait(false);
                await context.WriteLineAsync(created.Secret).ConfigureAwait(false);
                await context.Error.WriteLineAsync(
                    $"Token {created.Token.Id.ToString(CultureInfo.InvariantCulture)} for '{created.Token.UserName}'" +
                    (created.Token.ExpiresAt is { } at ? $", expires {Formats.Timestamp(at.ToUnixTimeMilliseconds())}" : ", no expiry") +
                    ". Store it now: it is not shown again.").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var user = new Option<string?>("--user") { Description = "Whose tokens (administrators: anyone's). Default: yours (everyone's over a database)." };
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("list", "List tokens (never their secrets).") { user, trackingUri };
        command.SetCliAction(async context =>
        {
            var (store, users) = await AuthCliOptions.OpenAsync(context, trackingUri).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                var tokens = await users.ListTokensAsync(context.Get(user), context.CancellationToken).ConfigureAwait(false);
                var now = TimeProvider.System.GetUtcNow();
                var table = new Table().AddColumn("ID").AddColumn("User").AddColumn("Name").AddColumn("Created (UTC)").AddColumn("Expires (UTC)")
                    .AddColumn("Last used (UTC)").AddColumn("State");
                foreach (var t in tokens)
                {
                    table.AddRow(Cells.Of(
                        t.Id.ToString(CultureInfo.InvariantCulture), t.UserName, t.Name, Formats.Timestamp(t.CreatedAt.ToUnixTimeMilliseconds()),
                        Formats.Timestamp(t.ExpiresAt?.ToUnixTimeMilliseconds()), Formats.Timestamp(t.LastUsedAt?.ToUnixTimeMilliseconds()),
                        t.RevokedAt is not null ? "revoked" : t.IsActive(now) ? "active" : "expired"));
                }

                context.Console.Write(table);
                await context.WriteLineAsync(tokens.Count == 1 ? "1 token" : $"{tokens.Count} tokens").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RevokeCommand()
    {
        var id = new Argument<long>("id") { Description = "The token's id (from argus tokens list)." };
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("revoke", "Revoke a token: it stops working at once.") { id, trackingUri };
        command.SetCliAction(async context =>
        {
            var (store, users) = await AuthCliOptions.OpenAsync(context, trackingUri).ConfigureAwait(false);
            await using (store.ConfigureAwait(false))
            {
                await users.RevokeTokenAsync(context.Get(id), context.CancellationToken).ConfigureAwait(false);
                await context.WriteLineAsync($"Revoked token {context.Get(id).ToString(CultureInfo.InvariantCulture)}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
