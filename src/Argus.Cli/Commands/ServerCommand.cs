using System.CommandLine;
using Argus.Core.Auth;
using Argus.Core.Notifications;
using Argus.Server.Auth;
using Argus.Server.Hosting;

namespace Argus.Cli.Commands;

/// <summary>
/// <c>argus server</c>: the tracking server. Prints one line with the bound URL to stdout, then
/// serves until Ctrl+C or SIGTERM and shuts down gracefully.
/// </summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var defaults = new ArgusServerOptions();
        var host = CommonOptions.Host(defaults.Host);
        var port = CommonOptions.Port(defaults.Port);
        var backendStoreUri = new Option<string?>("--backend-store-uri")
        {
            Description = "The tracking database: sqlite:///path.db or postgresql://…. Default: $ARGUS_TRACKING_URI, else the embedded store.",
        };
        var artifactsDestination = new Option<string?>("--artifacts-destination")
        {
            Description = "Where proxied artifacts (mlflow-artifacts:/) are stored: a directory or s3://bucket/prefix (see --s3-endpoint-url). " +
                          "Default: artifacts next to a SQLite database, else ./artifacts.",
        };
        var defaultArtifactRoot = new Option<string?>("--default-artifact-root")
        {
            Description = "Artifact root for new experiments. Default: mlflow-artifacts:/ (proxied through this server).",
        };
        var serveModel = new Option<string?>("--serve-model")
        {
            Description = "Also serve this model under /serving/ (models:/NAME@ALIAS, models:/NAME/VERSION, runs:/RUN_ID/model, a folder).",
        };
        var notify = new Option<string?>("--notify")
        {
            Description = "A notifications YAML (email and webhook channels) to which each new alert received on /api/v1/alerts/webhook is forwarded.",
        };
        var noScheduler = new Option<bool>("--no-scheduler")
        {
            Description = "Do not run pipeline schedules on this server (another replica runs them; each tick runs once among those that do).",
        };
        var auth = new Option<bool>("--auth")
        {
            Description = "Require sign-in (HTTP basic, API tokens, the UI's login) and check permissions. " +
                          "With no user yet, creates 'admin' with $ARGUS_ADMIN_PASSWORD, else prints a one-time password. See docs/security.md.",
        };
        var insecureNoAuth = new Option<bool>("--insecure-no-auth")
        {
            Description = "Listen on a non-loopback --host without authentication (only behind something else that authenticates).",
        };
        var defaultPermission = new Option<string>("--default-permission")
        {
            Description = "With --auth: what users may do with experiments and models nobody granted them anything on: READ, EDIT, MANAGE or NO_PERMISSIONS.",
            DefaultValueFactory = _ => Permission.Read.WireName(),
        };
        defaultPermission.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, [.. Permissions.All.Select(p => p.WireName())]);
        var s3 = new S3CliOptions();
        var serving = new ServeCommand.ServingCliOptions();
        var command = new Command("server", "Run the tracking server (MLflow's REST API), optionally serving a model under /serving/.")
        {
            host, port, backendStoreUri, artifactsDestination, s3.EndpointUrl, s3.Region, s3.PathStyle, defaultArtifactRoot, auth, insecureNoAuth, defaultPermission, notify,
            noScheduler, serveModel,
            serving.Refresh, serving.InferenceLog, serving.NoInferenceLog,
        };
        command.SetCliAction(async context =>
        {
            var options = new ArgusServerOptions
            {
                Host = context.Get(host) ?? defaults.Host,
                Port = context.Get(port),
                BackendStoreUri = context.Get(backendStoreUri),
                ArtifactsDestination = context.Get(artifactsDestination),
                S3 = s3.Read(context),
                DefaultArtifactRoot = context.Get(defaultArtifactRoot),
                Serving = context.Get(serveModel) is { } modelUri ? serving.Read(context, modelUri) : null,
                Notifications = context.Get(notify) is { } config ? NotificationOptions.Load(config) : null,
                Scheduler = new() { Enabled = !context.Get(noScheduler) },
                Auth = new AuthOptions
                {
                    Enabled = context.Get(auth),
                    InsecureNoAuth = context.Get(insecureNoAuth),
                    DefaultPermission = Permissions.Parse(context.Get(defaultPermission)),
                    BootstrapOutput = context.Out,
                },
            };
            await using var server = await ArgusServer.StartAsync(options, context.CancellationToken).ConfigureAwait(false);
            await context.WriteLineAsync($"Argus tracking server: {server.Url.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
            await context.Out.FlushAsync(context.CancellationToken).ConfigureAwait(false);

            // Completes on Ctrl+C/SIGTERM (the token) or when the host stops itself, after a graceful stop.
            await server.WaitForShutdownAsync(context.CancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
