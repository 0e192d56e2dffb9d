using Argus.Server.Hosting;

namespace Argus.Server.Endpoints;

/// <summary><c>/health</c> ("OK") and <c>/version</c>, as MLflow serves them.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", static context => context.Response.WriteAsync("OK", context.RequestAborted));
        app.MapGet("/version", static context => context.Response.WriteAsync(ArgusServer.Version, context.RequestAborted));
        return app;
    }
}
