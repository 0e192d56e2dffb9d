using System.CommandLine;
using Argus.Core;
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
        var serving = new ServingCliOptions();
        var trackingUri = CommonOptions.TrackingUri();
        var command = new Command("serve", "Serve a model over HTTP (MLflow's scoring protocol: /invocations, /ping; a form at /; POST /feedback).")
        {
            model, host, port, serving.Refresh, serving.InferenceLog, serving.NoInferenceLog, trackingUri,
        };
        command.SetCliAction(async context =>
        {
            var options = serving.Read(context, context.Get(model)!) with
            {
                TrackingUri = context.Get(trackingUri),
                Host = context.Get(host) ?? defaults.Host,
                Port = context.Get(port),
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
        Path.GetFullPath(given ?? ArgusHome.InferenceDirectory);

    /// <summary>The serving options <c>argus serve</c> and <c>argus server --serve-model</c> share.</summary>
    internal sealed class ServingCliOptions
    {
        public Option<string> Refresh { get; } = new("--refresh")
        {
            Description = "How often an alias or stage is looked up again for a new version (e.g. 10s, 1m).",
            DefaultValueFactory = _ => "10s",
        };

        public Option<string?> InferenceLog { get; } = new("--inference-log")
        {
            Description = "Where every prediction is logged for monitoring. Default: $ARGUS_HOME/inference.",
        };

        public Option<bool> NoInferenceLog { get; } = new("--no-inference-log") { Description = "Do not log predictions." };

        public ServingOptions Read(CliContext context, string modelUri) => new()
        {
            ModelUri = modelUri,
            InferenceLogDirectory = context.Get(NoInferenceLog) ? null : InferenceLogDirectory(context.Get(InferenceLog)),
            RefreshInterval = Durations.TryParse(context.Get(Refresh)!, out var interval) && interval > TimeSpan.Zero
                ? interval
                : throw ArgusException.InvalidParameter($"Invalid --refresh '{context.Get(Refresh)}': expected {Durations.Help}, more than 0."),
        };
    }
}
