using System.Reflection;
using Argus.Core.Alerts;
using Argus.Core.Artifacts;
using Argus.Core.Auth;
using Argus.Core.Diagnostics;
using Argus.Core.Errors;
using Argus.Core.Notifications;
using Argus.Core.Pipelines.Runs;
using Argus.Core.Tracking;
using Argus.Server.Auth;
using Argus.Server.Endpoints;
using Argus.Server.Serving;

namespace Argus.Server.Hosting;

/// <summary>Builds and starts the Argus HTTP server; <c>argus server</c> and the tests both use it.</summary>
public static class ArgusServer
{
    public static string Version { get; } =
        typeof(ArgusServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Opens the store, builds the app, and starts listening; returns once the port is bound.</summary>
    public static async Task<RunningServer> StartAsync(ArgusServerOptions options, CancellationToken cancellationToken = default)
    {
        var app = await BuildAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            if (options.Serving is not null)
            {
                await ModelServer.LoadAsync(app.Services, cancellationToken).ConfigureAwait(false);
            }

            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var url = RunningServer.BoundUrl(app).ToString().TrimEnd('/');
        var storage = app.Services.GetRequiredService<ArtifactStorage>();
        var store = app.Services.GetRequiredService<ITrackingStore>();
        ServerLog.Listening(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Argus.Server"), url, store.DisplayUri, storage.Destination);
        return new RunningServer(app, new Uri(url));
    }

    /// <summary>Builds the application without starting it.</summary>
    public static async Task<WebApplication> BuildAsync(ArgusServerOptions options, CancellationToken cancellationToken = default)
    {
        options.Auth.Validate(options.Host);
        var backend = ArgusHome.ResolveTrackingUri(options.BackendStoreUri);
        if (backend.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            throw ArgusException.InvalidParameter($"The server's backend store must be a database (sqlite:/// or postgresql://), not '{backend}'.");
        }

        var s3 = options.S3 ?? S3ArtifactOptions.FromEnvironment();
        var destination = ArtifactRepositories.Destination(options.ArtifactsDestination ?? DefaultDestination(backend), s3);
        var store = await TrackingStores.OpenAsync(backend, new TrackingStoreOptions
        {
            DefaultArtifactRoot = options.DefaultArtifactRoot ?? "mlflow-artifacts:",
        }, cancellationToken).ConfigureAwait(false);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // No reload-on-change of appsettings: its watcher covers the content root and every directory below it, so an
            // inference log or artifact store written there would wake it on every write.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ApplicationName = "Argus.Server",
        });
        ServerLogging.Configure(builder);
        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            options.HttpLimits.ApplyTo(k);
            // Per-route limits are enforced while reading; Kestrel's cap is the largest of them.
            k.Limits.MaxRequestBodySize = Math.Max(options.MaxArtifactBytes, options.MaxLargeJsonBodyBytes);
        });
        builder.WebHost.UseUrls($"http://{FormatHost(options.Host)}:{options.Port}");
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(AlertStores.For(store));
        builder.Services.AddSingleton(PipelineStores.For(store));
        if (options.Scheduler.Enabled)
        {
            builder.Services.AddSingleton<Pipelines.PipelineScheduler>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<Pipelines.PipelineScheduler>());
        }

        if (options.Notifications is { } notifications)
        {
            builder.Services.AddSingleton(sp => new Notifier(notifications, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Argus.Notifications")));
            builder.Services.AddSingleton<AlertForwarder>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertForwarder>());
        }

        if (options.Auth.Enabled)
        {
            builder.Services.AddSingleton(options.Auth);
            builder.Services.AddSingleton(AuthStores.For(store));
            builder.Services.AddSingleton<LoginThrottle>(sp => new LoginThrottle(options.Auth, sp.GetRequiredService<ILogger<LoginThrottle>>()));
            builder.Services.AddSingleton<CredentialCache>();
            builder.Services.AddSingleton<Authenticator>();
            builder.Services.AddSingleton<AccessControl>();
        }

        builder.Services.AddSingleton(sp => new ArtifactStorage(destination, sp.GetRequiredService<ITrackingStore>(), s3));
        builder.Services.AddSingleton<ServingModelCache>();
        builder.Services.AddSingleton(new Core.Tracking.Downsampling.DownsampleCache());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddMetricsExporter();
        if (options.Serving is { } serving)
        {
            ModelServer.AddServing(builder.Services, serving);
        }

        var app = builder.Build();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseMiddleware<DotSegmentGuardMiddleware>();
        app.UseRouting();
        if (options.Auth.Enabled)
        {
            app.UseMiddleware<AuthMiddleware>();
        }

        app.MapHealthEndpoints();
        app.MapMetricsEndpoints();
        app.MapTrackingEndpoints();
        app.MapRegistryEndpoints();
        app.MapPredictEndpoints();
        app.MapArtifactEndpoints();
        app.MapAlertEndpoints();
        app.MapPipelineEndpoints();
        app.MapAuthEndpoints();
        if (options.Serving is not null)
        {
            ModelServer.MapServing(app.MapGroup("/serving"));
        }

        // Last: the UI answers only what no route above does, and gives the JSON 404 for the rest.
        app.MapUiFallback();
        app.Lifetime.ApplicationStopped.Register(() => store.DisposeAsync().AsTask().GetAwaiter().GetResult());
        if (options.Auth.Enabled)
        {
            try
            {
                RequireEveryRouteInTheTable(app);
                var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Argus.Auth");
                AuthLog.Enabled(logger, options.Auth.DefaultPermission.WireName());
                await AuthBootstrap.RunAsync(app.Services.GetRequiredService<IAuthStore>(), options.Auth, logger, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await app.DisposeAsync().ConfigureAwait(false);
                await store.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return app;
    }

    /// <summary>Every route of the app, as (method or <see cref="RoutePermissions.AnyMethod"/>, template).</summary>
    internal static IEnumerable<(string Method, string Template)> Routes(IEnumerable<EndpointDataSource> sources) =>
        sources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().SelectMany(e =>
            (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : [RoutePermissions.AnyMethod])
                .Select(m => (m, e.RoutePattern.RawText ?? string.Empty)));

    // A route nobody listed would be refused on every call: fail at start instead.
    private static void RequireEveryRouteInTheTable(WebApplication app)
    {
        var missing = Routes(((IEndpointRouteBuilder)app).DataSources).Where(r => !RoutePermissions.Table.ContainsKey(r)).Select(r => $"{r.Method} {r.Template}").ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException("Routes missing from the permission table: " + string.Join(", ", missing));
        }
    }

    private static string DefaultDestination(string backend) =>
        backend.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(TrackingStores.SqlitePathOf(backend))) ?? ".", "artifacts")
            : Path.GetFullPath("artifacts");

    internal static string FormatHost(string host) =>
        host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
}
