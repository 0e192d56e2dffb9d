using System.CommandLine;
using Argus.Core.Errors;
using Argus.Core.Tracking;

namespace Argus.Cli.Commands.Db;

/// <summary><c>argus db upgrade URI</c>: brings a tracking database's schema to this build's version.</summary>
internal static class DbCommand
{
    public static Command Create()
    {
        var command = new Command("db", "Manage the tracking database.");
        command.Subcommands.Add(UpgradeCommand());
        return command;
    }

    private static Command UpgradeCommand()
    {
        var uri = new Argument<string>("uri") { Description = "The database: sqlite:///path.db or postgresql://user:password@host:port/db." };
        var command = new Command("upgrade", "Apply pending schema migrations and print the schema version.") { uri };
        command.SetCliAction(async context =>
        {
            var databaseUri = context.Get(uri)!;
            var display = TrackingStores.Redact(databaseUri);
            var fresh = IsMissingSqliteFile(databaseUri);

            // Opening without migrating succeeds only when the schema is already current.
            try
            {
                await using var current = await TrackingStores.OpenDatabaseAsync(databaseUri, new TrackingStoreOptions { MigrateOnOpen = false }, context.CancellationToken).ConfigureAwait(false);
                var version = await current.GetSchemaVersionAsync(context.CancellationToken).ConfigureAwait(false);
                await context.WriteLineAsync($"{display}: schema at version {version} (already up to date)").ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (ArgusException e) when (e.Code == ErrorCode.InvalidState)
            {
                // Older (or newer) than this build: opening with migrations applies them, or reports a newer schema.
            }

            await using var upgraded = await TrackingStores.OpenDatabaseAsync(databaseUri, new TrackingStoreOptions { MigrateOnOpen = true }, context.CancellationToken).ConfigureAwait(false);
            var after = await upgraded.GetSchemaVersionAsync(context.CancellationToken).ConfigureAwait(false);
            await context.WriteLineAsync(fresh
                ? $"{display}: schema at version {after} (created)"
                : $"{display}: schema at version {after} (upgraded)").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static bool IsMissingSqliteFile(string uri) =>
        uri.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) && !File.Exists(TrackingStores.SqlitePathOf(uri));
}
