using System.CommandLine;
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
            int before;
            await using (var current = await TrackingStores.OpenDatabaseAsync(databaseUri, new TrackingStoreOptions(), context.CancellationToken, initialize: false).ConfigureAwait(false))
            {
                before = await current.GetSchemaVersionAsync(context.CancellationToken).ConfigureAwait(false);
            }

            // Opening with migrations applies what is missing, or refuses a schema newer than this build.
            await using var upgraded = await TrackingStores.OpenDatabaseAsync(databaseUri, new TrackingStoreOptions { MigrateOnOpen = true }, context.CancellationToken).ConfigureAwait(false);
            var after = await upgraded.GetSchemaVersionAsync(context.CancellationToken).ConfigureAwait(false);
            await context.WriteLineAsync(
                before == 0 ? $"{display}: schema at version {after} (created)"
                : before == after ? $"{display}: schema at version {after} (already up to date)"
                : $"{display}: schema at version {after} (upgraded from {before})").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
