using System.CommandLine;
using System.Globalization;
using Argus.Core;
using Argus.Core.Artifacts;
using Argus.Core.Errors;
using Argus.Core.Tracking;

namespace Argus.Cli.Commands;

/// <summary>
/// <c>argus gc</c>: permanently removes deleted runs and experiments from the database, then their
/// artifacts. Needs the database itself: a tracking server (http://) does not offer a purge.
/// </summary>
internal static class GcCommand
{
    public static Command Create()
    {
        var olderThan = new Option<TimeSpan?>("--older-than")
        {
            Description = $"Only purge what was deleted at least this long ago: {Durations.Help}. Default 0: everything deleted.",
            HelpName = "duration",
            CustomParser = static result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "0";
                if (Durations.TryParse(text, out var duration))
                {
                    return duration;
                }

                result.AddError($"Invalid --older-than '{text}': expected {Durations.Help}.");
                return null;
            },
        };
        var trackingUri = CommonOptions.TrackingUri("--backend-store-uri");
        var artifactsDestination = new Option<string?>("--artifacts-destination")
        {
            Description = "Where the server stores proxied (mlflow-artifacts:/) artifacts, a directory or s3://bucket/prefix; " +
                          "default as `argus server`: artifacts next to a SQLite database, else ./artifacts.",
        };
        var s3 = new S3CliOptions();
        var command = new Command("gc", "Permanently remove deleted runs and experiments, and their artifacts.")
        {
            olderThan, trackingUri, artifactsDestination, s3.EndpointUrl, s3.Region, s3.PathStyle,
        };
        command.SetCliAction(async context =>
        {
            await using var store = await context.OpenStoreAsync(trackingUri).ConfigureAwait(false);
            var s3Options = s3.Read(context);
            var destination = ArtifactRepositories.Destination(context.Get(artifactsDestination) ?? DefaultDestination(store.DisplayUri), s3Options);
            var olderThanMs = (long)(context.Get(olderThan) ?? TimeSpan.Zero).TotalMilliseconds;
            var purged = await store.PurgeDeletedAsync(olderThanMs, context.CancellationToken).ConfigureAwait(false);

            var failures = 0;
            foreach (var run in purged.Runs)
            {
                try
                {
                    await DeleteArtifactsAsync(run, store, destination, s3Options, context.CancellationToken).ConfigureAwait(false);
                    await context.WriteLineAsync($"Purged run {run.RunId}").ConfigureAwait(false);
                }
                catch (Exception e) when (e is ArgusException or IOException or UnauthorizedAccessException)
                {
                    failures++;
                    await context.Error.WriteLineAsync($"error: purged run {run.RunId} but could not delete its artifacts at {run.ArtifactUri}: {e.Message}").ConfigureAwait(false);
                }
            }

            foreach (var experimentId in purged.ExperimentIds)
            {
                await context.WriteLineAsync($"Purged experiment {experimentId}").ConfigureAwait(false);
            }

            await context.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Removed {purged.Runs.Count} run(s) and {purged.ExperimentIds.Count} experiment(s) from {store.DisplayUri}")).ConfigureAwait(false);
            return failures == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static async Task DeleteArtifactsAsync(PurgedRun run, ITrackingStore store, IArtifactRepository destination, S3ArtifactOptions s3, CancellationToken cancellationToken)
    {
        var repository = ArtifactRepositories.For(run.ArtifactUri, store, destination, s3);
        await repository.DeleteAsync("", cancellationToken).ConfigureAwait(false);

        // Runs store artifacts in <root>/<experiment>/<run id>/artifacts: drop the emptied run folder too (S3 has no folders to drop).
        if (repository is LocalArtifactRepository local)
        {
            var parent = Path.GetDirectoryName(local.RootDirectory);
            if (parent is not null && Path.GetFileName(parent) == run.RunId && Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any())
            {
                Directory.Delete(parent);
            }
        }
    }

    // The same default `argus server` uses, so gc finds what the server stored.
    private static string DefaultDestination(string trackingUri) =>
        trackingUri.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(TrackingStores.SqlitePathOf(trackingUri))) ?? ".", "artifacts")
            : Path.GetFullPath("artifacts");
}
