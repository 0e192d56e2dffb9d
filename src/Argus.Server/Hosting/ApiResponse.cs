using System.Text.Json;
using Argus.Core.Tracking.Rest;

namespace Argus.Server.Hosting;

/// <summary>Writes MLflow-shaped JSON replies straight to the response pipe.</summary>
internal static class ApiResponse
{
    public static Task EmptyAsync(HttpContext context) => JsonAsync(context, EmptyResponse.Instance);

    public static async Task JsonAsync<T>(HttpContext context, T value)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.BodyWriter, value, TrackingJson.Info<T>(), context.RequestAborted).ConfigureAwait(false);
    }
}
