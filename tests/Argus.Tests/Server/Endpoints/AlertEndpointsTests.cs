using System.Net;
using System.Text;
using System.Text.Json;
using Argus.Tests.Core.Alerts;

namespace Argus.Tests.Server.Endpoints;

/// <summary>
/// <c>POST /api/v1/alerts/webhook</c> and <c>GET /api/v1/alerts</c> on a real server over loopback. Tests share the
/// server, so each uses alert names and fingerprints of its own and lists by name.
/// </summary>
public sealed class AlertEndpointsTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Webhook = "/api/v1/alerts/webhook";

    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}";

    private async Task<List<JsonElement>> ListAsync(string query)
    {
        var reply = await server.GetAsync("/api/v1/alerts?" + query);
        reply.AssertOk();
        return [.. reply.Json.GetProperty("alerts").EnumerateArray()];
    }

    private static void AssertCounts(WireReply reply, int received, int added)
    {
        reply.AssertOk();
        Assert.Equal("application/json", reply.ContentType);
        Assert.Equal(received, reply.Json.GetProperty("received").GetInt32());
        Assert.Equal(added, reply.Json.GetProperty("new").GetInt32());
    }

    [Fact]
    public async Task Webhook_CapturedFiringMessage_StoredAndListedWithLabelsAndAnnotations()
    {
        var name = Unique("Stale");
        var fingerprint = Unique("fp");

        AssertCounts(await server.PostAsync(Webhook, AlertPayloads.Firing(name, fingerprint)), 1, 1);

        var alert = Assert.Single(await ListAsync($"alertname={name}"));
        Assert.Equal(fingerprint, alert.GetProperty("fingerprint").GetString());
        Assert.Equal("firing", alert.GetProperty("status").GetString());
        Assert.Equal(name, alert.GetProperty("alertname").GetString());
        Assert.Equal("drift_check", alert.GetProperty("labels").GetProperty("job").GetString());
        Assert.Equal("warning", alert.GetProperty("labels").GetProperty("severity").GetString());
        Assert.Equal("Batch job drift_check last pushed 11.68s ago", alert.GetProperty("annotations").GetProperty("summary").GetString());
        Assert.Equal("2026-11-22T10:31:00.181Z", alert.GetProperty("starts_at").GetString());
        Assert.False(alert.TryGetProperty("ends_at", out _));
        Assert.StartsWith("http://vm:19090/graph?", alert.GetProperty("generator_url").GetString(), StringComparison.Ordinal);
        Assert.Equal("mlops-webhook", alert.GetProperty("receiver").GetString());
        Assert.Equal($"{{}}:{{alertname=\"{name}\"}}", alert.GetProperty("group_key").GetString());
        Assert.Equal("http://vm:19093", alert.GetProperty("external_url").GetString());
        Assert.True(alert.GetProperty("id").GetInt64() > 0);
        Assert.True(DateTimeOffset.TryParse(alert.GetProperty("received_at").GetString(), out _));
    }

    [Fact]
    public async Task Webhook_DuplicateThenResolvedFollowUp_OneRowEachNewestFirst()
    {
        var name = Unique("Stale");
        var fingerprint = Unique("fp");

        AssertCounts(await server.PostAsync(Webhook, AlertPayloads.Firing(name, fingerprint)), 1, 1);
        AssertCounts(await server.PostAsync(Webhook, AlertPayloads.Firing(name, fingerprint)), 1, 0);
        AssertCounts(await server.PostAsync(Webhook, AlertPayloads.Firing(name, fingerprint, resolved: true)), 1, 1);
        AssertCounts(await server.PostAsync(Webhook, AlertPayloads.Firing(name, fingerprint, resolved: true)), 1, 0);

        var alerts = await ListAsync($"alertname={name}");
        Assert.Equal(["resolved", "firing"], alerts.Select(a => a.GetProperty("status").GetString()));
        Assert.Equal("2026-11-22T10:31:13.181Z", alerts[0].GetProperty("ends_at").GetString());
        Assert.Equal(["firing"], (await ListAsync($"alertname={name}&status=firing")).Select(a => a.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Webhook_ConcurrentPostsOfOneMessage_OneRow()
    {
        var name = Unique("Stale");
        var body = AlertPayloads.Firing(name, Unique("fp"));

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ServerFixture.PostAsync(server.NewClient(), Webhook, body))));

        Assert.Equal(1, replies.Sum(r => r.Json.GetProperty("new").GetInt32()));
        Assert.Single(await ListAsync($"alertname={name}"));
    }

    [Fact]
    public async Task List_LabelFilterAndPaging_NewestFirstEachOnce()
    {
        var name = Unique("Drift");
        var start = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        AssertCounts(await server.PostAsync(Webhook, AlertPayloads.Message(name, start, new Dictionary<string, string> { ["model"] = "tips" }, "t1", "t2", "t3")), 3, 3);
        AssertCounts(await server.PostAsync(Webhook, AlertPayloads.Message(name, start, new Dictionary<string, string> { ["model"] = "churn" }, "c1")), 1, 1);

        Assert.Equal(["c1"], (await ListAsync($"alertname={name}&label=model=churn")).Select(a => a.GetProperty("fingerprint").GetString()));
        var seen = new List<string?>();
        string? token = null;
        do
        {
            var reply = await server.GetAsync($"/api/v1/alerts?alertname={name}&label=model%3Dtips&max_results=2" + (token is null ? string.Empty : "&page_token=" + Uri.EscapeDataString(token)));
            reply.AssertOk();
            seen.AddRange(reply.Json.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("fingerprint").GetString()));
            token = reply.Json.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
        }
        while (token is not null);

        Assert.Equal(["t3", "t2", "t1"], seen);
    }

    [Theory]
    [InlineData("status=pending", "status")]
    [InlineData("label=model", "label")]
    [InlineData("max_results=0", "max_results")]
    [InlineData("page_token=%21%21", "page token")]
    public async Task List_BadParameter_400InvalidParameterValue(string query, string fragment)
    {
        var reply = await server.GetAsync("/api/v1/alerts?" + query);

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains(fragment);
    }

    [Theory]
    [InlineData("version", "version \"3\"")]
    [InlineData("malformed", "Malformed JSON")]
    [InlineData("fingerprint", "no 'fingerprint'")]
    [InlineData("status", "no 'status'")]
    [InlineData("alerts", "no 'alerts' array")]
    public async Task Webhook_BadMessage_400BadRequestAndNothingStored(string fault, string fragment)
    {
        var name = Unique("Bad");
        var message = AlertPayloads.Firing(name, Unique("fp"));
        var body = fault switch
        {
            "version" => message.Replace("\"version\":\"4\"", "\"version\":\"3\"", StringComparison.Ordinal),
            "malformed" => message[..^20],
            "fingerprint" => message.Replace("\"fingerprint\":", "\"fp\":", StringComparison.Ordinal),
            "status" => message.Replace("{\"status\":\"firing\",", "{", StringComparison.Ordinal),
            _ => message.Replace("\"alerts\":", "\"alarms\":", StringComparison.Ordinal),
        };
        Assert.NotEqual(message, body);

        var reply = await server.PostAsync(Webhook, body);

        reply.AssertError(HttpStatusCode.BadRequest, "BAD_REQUEST");
        reply.AssertMessageContains(fragment);
        Assert.Empty(await ListAsync($"alertname={name}"));
    }

    [Fact]
    public async Task Webhook_BodyOverOneMebibyte_413AndNothingStored()
    {
        var name = Unique("Big");
        var message = AlertPayloads.Firing(name, Unique("fp"));
        var padded = message.Insert(1, $"\"padding\":\"{new string('x', 1024 * 1024)}\",");
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(padded));
        content.Headers.ContentType = new("application/json");

        var reply = await server.SendAsync(HttpMethod.Post, Webhook, content);

        reply.AssertError(HttpStatusCode.RequestEntityTooLarge, "REQUEST_TOO_LARGE");
        Assert.Empty(await ListAsync($"alertname={name}"));
    }
}
