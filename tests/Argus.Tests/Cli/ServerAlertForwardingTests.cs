using System.Text;
using System.Text.Json;
using Argus.Cli;
using Argus.Tests.Core.Alerts;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Cli;

/// <summary>
/// <c>argus server --notify FILE</c>: each new alert posted to the webhook goes to the notification channels (here a
/// JSON webhook channel pointed at a local receiver), once; its duplicates do not.
/// </summary>
public sealed class ServerAlertForwardingTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly CliSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Server_WithNotify_ForwardsEachNewAlertOnceAndNotItsDuplicates()
    {
        await using var receiver = await HttpReceiver.StartAsync(503); // the first try fails: the Notifier retries
        var config = Path.Combine(_sandbox.Directory, "notify.yml");
        await File.WriteAllTextAsync(config, $"""
            channels:
              - name: hook
                type: webhook
                url: {new Uri(receiver.Url, "/hook")}
                format: json
            attempts: 3
            initial_delay_seconds: 0
            max_delay_seconds: 0
            """);
        using var stdout = new LineWaitingWriter();
        using var stderr = new StringWriter();
        using var stop = new CancellationTokenSource();
        var server = Task.Run(() => ArgusCli.RunAsync(
            ["server", "--port", "0", "--backend-store-uri", _sandbox.TrackingUri, "--artifacts-destination", Path.Combine(_sandbox.Directory, "artifacts"), "--notify", config],
            stdout, stderr, stop.Token));
        try
        {
            var printed = stdout.WaitForLineAsync(static l => l.StartsWith("Argus tracking server: ", StringComparison.Ordinal));
            Assert.True(await Task.WhenAny(printed, server).WaitAsync(Timeout) == printed, $"The server exited before printing its URL: {stderr}");
            using var http = new HttpClient { BaseAddress = new Uri((await printed)["Argus tracking server: ".Length..]), Timeout = Timeout };

            await PostAsync(http, AlertPayloads.Firing("ArgusDataDriftDetected", "f00d"), expectNew: 1);
            var first = await receiver.WaitForRequestsAsync(2, Timeout); // the 503, then the retry

            await PostAsync(http, AlertPayloads.Firing("ArgusDataDriftDetected", "f00d"), expectNew: 0);
            await PostAsync(http, AlertPayloads.Firing("ArgusDataDriftDetected", "f00d", resolved: true), expectNew: 1);
            // Alerts are forwarded in the order received: had the duplicate been sent, it would arrive before this.
            var all = await receiver.WaitForRequestsAsync(3, Timeout);

            Assert.Equal(3, all.Length);
            Assert.Equal(first[0].Body, first[1].Body);
            Assert.All(all, r => Assert.Equal("/hook", r.Path));
            using var firing = JsonDocument.Parse(all[1].Body);
            Assert.Equal("[FIRING] ArgusDataDriftDetected job=drift_check", firing.RootElement.GetProperty("title").GetString());
            Assert.Equal("alert_firing", firing.RootElement.GetProperty("event").GetString());
            Assert.Equal("f00d", firing.RootElement.GetProperty("labels").GetProperty("fingerprint").GetString());
            var text = firing.RootElement.GetProperty("text").GetString()!;
            Assert.Contains("Status: firing", text, StringComparison.Ordinal);
            Assert.Contains("Summary: Batch job drift_check last pushed 11.68s ago", text, StringComparison.Ordinal);
            Assert.Contains("Started: 2026-11-22T10:31:00.181Z", text, StringComparison.Ordinal);
            Assert.Contains("http://vm:19090/graph?", text, StringComparison.Ordinal);
            using var resolved = JsonDocument.Parse(all[2].Body);
            Assert.Equal("[RESOLVED] ArgusDataDriftDetected job=drift_check", resolved.RootElement.GetProperty("title").GetString());
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(0, await server.WaitAsync(Timeout));
    }

    private static async Task PostAsync(HttpClient http, string json, int expectNew)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/api/v1/alerts/webhook", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var reply = JsonDocument.Parse(body);
        Assert.Equal(expectNew, reply.RootElement.GetProperty("new").GetInt32());
    }
}
