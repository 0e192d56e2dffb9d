using Argus.Core.Diagnostics;
using Argus.Core.Errors;
using Argus.Core.Inference;
using Argus.Core.Tracking;
using Argus.Server.Endpoints;
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
            // No reload-on-change of appsettings: its watcher covers the content root (the working directory) and every
            // directory below it, so an inference log written there would wake it on every batch.
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                Args = ["--hostBuilder:reloadConfigOnChange=false"],
                ApplicationName = "Argus.Server",
            });
            ServerLogging.Configure(builder);
            builder.WebHost.UseKestrel(k =>
            {
                k.AddServerHeader = false;
                options.HttpLimits.ApplyTo(k);
                k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            });
            builder.WebHost.UseUrls($"http://{ArgusServer.FormatHost(options.Host)}:{options.Port}");
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(store);
            AddServing(builder.Services, options);
            builder.Services.AddMetricsExporter();
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

            app = builder.Build();
            app.UseMiddleware<SecurityHeadersMiddleware>();
            app.UseMiddleware<ErrorHandlingMiddleware>();
            app.MapMetricsEndpoints();
            MapServing(app);
            app.MapFallback("{**path}", static context => ErrorHandlingMiddleware.WriteErrorAsync(
                context, ErrorCode.EndpointNotFound, $"No endpoint {context.Request.Method} {context.Request.Path}."));
            app.Lifetime.ApplicationStopped.Register(() => store.DisposeAsync().AsTask().GetAwaiter().GetResult());

            await LoadAsync(app.Services, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The services serving needs; the store must be registered too. Also used by <c>argus server --serve-model</c>.</summary>
    internal static void AddServing(IServiceCollection services, ServingOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<ModelHost>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelHost>());
        services.AddSingleton<ServingMetrics>();
        if (options.InferenceLogDirectory is { } logDirectory)
        {
            services.AddSingleton(sp => new InferenceLogWriter(
                new InferenceLogOptions { Root = logDirectory, TimeProvider = options.TimeProvider },
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Argus.Inference")));
            services.AddSingleton(sp => new FeedbackLog(logDirectory, options.TimeProvider, null, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Argus.Inference")));
        }
    }

    /// <summary>Maps the scoring routes, the form and feedback on <paramref name="routes"/> (the root, or a group such as <c>/serving</c>).</summary>
    internal static void MapServing(IEndpointRouteBuilder routes)
    {
        routes.MapScoringEndpoints();
        routes.MapPredictionForm();
        routes.MapFeedbackEndpoint();
    }

    /// <summary>Loads the model before the server starts listening, so a model that cannot load stops startup with the reason.</summary>
    internal static async Task LoadAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<ModelHost>().LoadAsync(cancellationToken).ConfigureAwait(false);
        _ = services.GetRequiredService<ServingMetrics>(); // its instruments exist from the start
    }
}
