using Argus.Core.Alerts;
using Argus.Core.Errors;
using Argus.Server.Hosting;

namespace Argus.Server.Endpoints;

/// <summary>
/// Alertmanager's webhook receiver and the listing of what it received, under <c>/api/v1/alerts</c>. Point an
/// Alertmanager <c>webhook_configs</c> URL at <c>/api/v1/alerts/webhook</c>: every alert is stored once per
/// (fingerprint, startsAt, status), and each new one is forwarded to the server's notification channels in the background.
/// </summary>
public static class AlertEndpoints
{
    public const string Prefix = "/api/v1/alerts";

    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix);
        api.MapPost("/webhook", ReceiveWebhook);
        api.MapGet(string.Empty, ListAlerts);
        return app;
    }

    /// <summary>
    /// Stores a webhook message's alerts and answers <c>{"received": n, "new": k}</c> as soon as they are stored:
    /// Alertmanager retries on anything but 2xx, so forwarding never delays or fails the answer.
    /// </summary>
    private static async Task ReceiveWebhook(HttpContext context)
    {
        var services = context.RequestServices;
        IReadOnlyList<Alert> alerts;
        using (var body = await ApiRequest.ReadBodyAsync(context, services.GetRequiredService<ArgusServerOptions>().MaxAlertWebhookBytes).ConfigureAwait(false))
        {
            alerts = AlertmanagerWebhook.Parse(body.Span);
        }

        var added = await services.GetRequiredService<IAlertStore>().AddAlertsAsync(alerts, context.RequestAborted).ConfigureAwait(false);
        services.GetService<AlertForwarder>()?.Enqueue(added);
        ServerLog.AlertsReceived(services.GetRequiredService<ILoggerFactory>().CreateLogger("Argus.Server.Alerts"), alerts.Count, added.Count);
        await WriteJsonAsync(context, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("received", alerts.Count);
            json.WriteNumber("new", added.Count);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary><c>GET /api/v1/alerts?status=firing&amp;alertname=X&amp;label=k=v&amp;max_results=N&amp;page_token=T</c>, newest first.</summary>
    private static async Task ListAlerts(HttpContext context)
    {
        var page = await context.RequestServices.GetRequiredService<IAlertStore>().SearchAlertsAsync(new AlertQuery
        {
            Status = ApiRequest.Query(context, "status") switch
            {
                null or "" => null,
                "firing" => AlertStatus.Firing,
                "resolved" => AlertStatus.Resolved,
                var other => throw ArgusException.InvalidParameter($"Invalid value \"{other}\" for parameter 'status': use firing or resolved."),
            },
            AlertName = ApiRequest.Query(context, "alertname"),
            Labels = ApiRequest.QueryAll(context, "label").Select(Label).ToList(),
            MaxResults = ApiRequest.QueryInt(context, "max_results"),
            PageToken = ApiRequest.Query(context, "page_token"),
        }, context.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(context, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("alerts");
            foreach (var alert in page.Items)
            {
                AlertJson.Write(json, alert);
            }

            json.WriteEndArray();
            if (page.NextPageToken is { } token)
            {
                json.WriteString("next_page_token", token);
            }

            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static KeyValuePair<string, string> Label(string filter)
    {
        var equals = filter.IndexOf('=', StringComparison.Ordinal);
        return equals > 0
            ? new(filter[..equals], filter[(equals + 1)..])
            : throw ArgusException.InvalidParameter($"Invalid value \"{filter}\" for parameter 'label': expected name=value.");
    }

    private static async Task WriteJsonAsync(HttpContext context, Action<System.Text.Json.Utf8JsonWriter> write)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        using (var json = AlertJson.CreateWriter(context.Response.BodyWriter))
        {
            write(json);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
