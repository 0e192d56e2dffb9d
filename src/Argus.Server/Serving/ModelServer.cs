using Argus.Core.Diagnostics;
using Argus.Core.Errors;
using Argus.Core.Inference;
using Argus.Core.Tracking;
using Argus.Server.Hosting;

namespace Argus.Server.Serving;

/// <summary>Builds and starts <c>argus serve</c>: one model over MLflow's scoring protocol, kept current.</summary>
public static class ModelServer
{
    /// <summary>Opens the store, loads the model (failing fast if it cannot), and starts listening.</summary>
    public static async Task<RunningServer> StartAsync(ServingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = await TrackingStores.OpenAsync(ArgusHome.ResolveTrackingUri(options.TrackingUri), null, cancellationToken).ConfigureAwait(false);
        WebApplication? app = null;
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = "Argus.Server" });
            ServerLogging.Configure(builder);
            builder.WebHost.UseKestrel(k =>
            {
                k.AddServerHeader = false;
                k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            });
            builder.WebHost.UseUrls($"http://{ArgusServer.FormatHost(options.Host)}:{options.Port}");
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(store);
            builder.Services.AddSingleton<ModelHost>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ModelHost>());
            builder.Services.AddSingleton<ServingMetrics>();
            if (options.InferenceLogDirectory is { } logDirectory)
            {
                builder.Services.AddSingleton(sp => new InferenceLogWriter(
                    new InferenceLogOptions { Root = logDirectory, TimeProvider = options.TimeProvider },
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger("Argus.Inference")));
                builder.Services.AddSingleton(sp => new FeedbackLog(logDirectory, options.TimeProvider, null, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Argus.Inference")));
            }
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

            app = builder.Build();
            app.UseMiddleware<ErrorHandlingMiddleware>();
            app.MapScoringEndpoints();
            app.MapPredictionForm();
            app.MapFeedbackEndpoint();
            app.MapFallback("{**path}", static context => ErrorHandlingMiddleware.WriteErrorAsync(
                context, ErrorCode.EndpointNotFound, $"No endpoint {context.Request.Method} {context.Request.Path}."));
            app.Lifetime.ApplicationStopped.Register(() => store.DisposeAsync().AsTask().GetAwaiter().GetResult());

            var host = app.Services.GetRequiredService<ModelHost>();
            await host.LoadAsync(cancellationToken).ConfigureAwait(false);
            _ = app.Services.GetRequiredService<ServingMetrics>();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var url = RunningServer.BoundUrl(app);
        var model = app.Services.GetRequiredService<ModelHost>().Current!;
        ServerLog.Serving(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Argus.Serving"), url.ToString(), model.Name, model.Version, options.ModelUri);
        return new RunningServer(app, url);
    }
}
