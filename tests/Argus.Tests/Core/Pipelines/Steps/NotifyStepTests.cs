using System.Globalization;
using System.Text.Json;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Steps;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Pipelines.Steps;

/// <summary>The notify kind through real HTTP and a real SMTP conversation on loopback.</summary>
public sealed class NotifyStepTests : IAsyncLifetime
{
    private StepHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await StepHarness.StartAsync("argus-notify-step");

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private Task<IReadOnlyDictionary<string, string>> RunAsync(params (string, object)[] settings) =>
        new NotifyStep().RunAsync(_harness.Context("tell", StepHarness.Settings(settings)), CancellationToken.None);

    [Fact]
    public async Task RunAsync_JsonWebhook_PostsTitleSeverityAndThePipelineRun()
    {
        await using var receiver = await HttpReceiver.StartAsync();

        var outputs = await RunAsync(
            ("title", "Retrained tips"), ("summary", "Version 3 is champion."), ("severity", "warning"),
            ("webhook", new[] { receiver.Url.AbsoluteUri }), ("webhook_format", "json"));

        Assert.Equal("webhook", outputs["channels"]);
        var request = Assert.Single(receiver.Requests);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal(("Retrained tips", "Version 3 is champion.", "warning", NotifyStep.Event),
            (root.GetProperty("title").GetString(), root.GetProperty("summary").GetString(), root.GetProperty("severity").GetString(), root.GetProperty("event").GetString()));
        Assert.Equal(("nightly", "run-1", "tell"),
            (root.GetProperty("labels").GetProperty("pipeline").GetString(), root.GetProperty("labels").GetProperty("pipeline_run_id").GetString(), root.GetProperty("labels").GetProperty("step").GetString()));
        Assert.Contains("webhook: delivered (attempt 1)", _harness.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WebhookAndEmail_BothDelivered()
    {
        await using var receiver = await HttpReceiver.StartAsync();
        await using var sink = new SmtpSink();

        var outputs = await RunAsync(
            ("title", "Nightly done"), ("webhook", receiver.Url.AbsoluteUri),
            ("email", new[] { "ml-team@example.com", "oncall@example.com" }), ("smtp_host", "127.0.0.1"),
            ("smtp_port", sink.Port.ToString(CultureInfo.InvariantCulture)), ("smtp_security", "none"), ("smtp_from", "argus@example.com"));

        Assert.Equal("webhook,email", outputs["channels"]);
        var message = Assert.Single(sink.Messages);
        Assert.Equal(["ml-team@example.com", "oncall@example.com"], message.To);
        Assert.Contains("Nightly done", message.Header("Subject"), StringComparison.Ordinal);
        Assert.Contains("Pipeline nightly, run run-1, step tell.", message.Body, StringComparison.Ordinal); // the default summary
        Assert.Contains("Nightly done", Assert.Single(receiver.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OneOfTwoWebhooksRefuses_SucceedsWithTheOtherOnly()
    {
        await using var refusing = await HttpReceiver.StartAsync(403);
        await using var taking = await HttpReceiver.StartAsync();

        var outputs = await RunAsync(("title", "t"), ("webhook", new[] { refusing.Url.AbsoluteUri, taking.Url.AbsoluteUri }));

        Assert.Equal("webhook-2", outputs["channels"]);
        Assert.Contains("webhook-1: FAILED after 1 attempts", _harness.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EveryChannelFails_TheAttemptFailsWithEachError()
    {
        await using var refusing = await HttpReceiver.StartAsync(400);

        var error = await Assert.ThrowsAsync<ArgusException>(() => RunAsync(("title", "t"), ("webhook", refusing.Url.AbsoluteUri)));

        Assert.Equal(ErrorCode.TemporarilyUnavailable, error.Code);
        Assert.StartsWith("Step 'tell': no channel took the notification: webhook: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 400", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NotificationsFile_UsesItsChannels()
    {
        await using var receiver = await HttpReceiver.StartAsync();
        var file = _harness.Directory.Combine("notifications.yaml");
        await File.WriteAllTextAsync(file, $"channels:\n  - name: team-chat\n    type: webhook\n    url: {receiver.Url.AbsoluteUri}\n");

        var outputs = await RunAsync(("title", "From a file"), ("notifications", "notifications.yaml"));

        Assert.Equal("team-chat", outputs["channels"]);
        Assert.Contains("From a file", Assert.Single(receiver.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoChannel_SaysWhatToGive()
    {
        var error = await Assert.ThrowsAsync<ArgusException>(() => RunAsync(("title", "t")));

        Assert.Equal("Step 'tell': no channel to send to: give webhook, email (with smtp_host and smtp_from) or notifications.", error.Message);
    }

    [Theory]
    [InlineData("severity", "urgent", "Step 'tell': setting 'severity': 'urgent' is not one of info, warning, critical.")]
    [InlineData("webhook", "hooks.example.com/x", "Step 'tell': webhook 'hooks.example.com/x' is not an absolute http(s) URL.")]
    [InlineData("smtp_host", "mail.example.com", "Step 'tell': the smtp_ settings need email (the recipients).")]
    public async Task RunAsync_InvalidSetting_ClearError(string setting, string value, string message)
    {
        var error = await Assert.ThrowsAsync<ArgusException>(() => RunAsync(("title", "t"), (setting, value)));

        Assert.Equal(message, error.Message);
    }
}
