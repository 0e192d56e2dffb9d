using System.CommandLine;
using Argus.Core.Diagnostics;
using Argus.Core.Errors;
using Argus.Server.Serving;

namespace Argus.Cli.Commands;

/// <summary>
/// <c>argus serve</c>: the model server (MLflow's scoring protocol). Prints one line with the bound URL to
/// stdout, follows an alias or stage to new versions, and serves until Ctrl+C or SIGTERM.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var defaults = new ServingOptions { ModelUri = "-" };
        var model = new Option<string>("--model", "-m")
        {
            Description = "The model: models:/NAME@ALIAS, models:/NAME/VERSION, models:/NAME/STAGE, runs:/RUN_ID/model or a package folder.",
            Required = true,
        };
        var host = CommonOptions.Host(defaults.Host);
        var port = CommonOptions.Port(defaults.Port);
        var refresh = new Option<string>("--refresh")
        {
            Description = "How often an alias or stage is looked up again for a new version (e.g. 10s, 1m).",
            DefaultValueFactory = _ => "10s",
        };
        var inferenceLog = new Option<string?>("--inference-log")
        {
            Description = "Where every prediction is logged for monitoring. Default: $ARGUS_HOME/inference.",
        };
        var noInferenceLog = new Option<bool>("--no-inference-log") { Description = "Do not log predictions." };
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("serve", "Serve a model over HTTP (MLflow's scoring protocol: /invocations, /ping; a form at /; POST /feedback).")
        {
            model, host, port, refresh, inferenceLog, noInferenceLog, trackingUri,
        };
        command.SetCliAction(async context =>
        {
            var options = new ServingOptions
            {
                ModelUri = context.Get(model)!,
                TrackingUri = context.Get(trackingUri),
                InferenceLogDirectory = context.Get(noInferenceLog) ? null : InferenceLogDirectory(context.Get(inferenceLog)),
                Host = context.Get(host) ?? defaults.Host,
                Port = context.Get(port),
                RefreshInterval = Durations.TryParse(context.Get(refresh)!, out var interval) && interval > TimeSpan.Zero
                    ? interval
                    : throw ArgusException.InvalidParameter($"Invalid --refresh '{context.Get(refresh)}': expected {Durations.Help}, more than 0."),
            };
            await using var server = await ModelServer.StartAsync(options, context.CancellationToken).ConfigureAwait(false);
            await context.WriteLineAsync($"Argus model server: {server.Url.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
            await context.Out.FlushAsync(context.CancellationToken).ConfigureAwait(false);
            await server.WaitForShutdownAsync(context.CancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The inference log's directory: the one given, else <c>$ARGUS_HOME/inference</c>.</summary>
    internal static string InferenceLogDirectory(string? given) =>
        Path.GetFullPath(given ?? Path.Combine(ArgusHome.Directory, "inference"));
}
