using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Argus.Core.Notifications;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Notifications;

/// <summary>Email through a real SMTP conversation on loopback, webhooks through real HTTP; retries; one bad channel never stops another.</summary>
public sealed class NotifierTests : IDisposable
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new("argus-notify");

    public void Dispose() => _directory.Dispose();

    private static Notification Drift => new()
    {
        Title = "Data drift detected: tips",
        Summary = "2 of 6 columns drifted between the reference and 2026-11-23 10:00–11:00 (dataset drift: no).",
        Event = "data_drift",
        Timestamp = new DateTimeOffset(2026, 11, 23, 11, 0, 0, TimeSpan.Zero),
        Items =
        [
            new NotificationItem("total_bill", "wasserstein", 0.213456789, 0.1),
            new NotificationItem("day", "jensenshannon", 0.15, 0.1),
        ],
        Labels = new Dictionary<string, string> { ["model"] = "tips" },
    };

    private static NotificationOptions Options(params ChannelOptions[] channels) => new()
    {
        Channels = channels,
        Attempts = 3,
        InitialDelay = TimeSpan.Zero,
        MaxDelay = TimeSpan.Zero,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static EmailChannelOptions Email(int port, SmtpSecurity security, string? user = null, string? password = null, string? ca = null) => new()
    {
        Name = "mail",
        Host = "localhost",
        Port = port,
        Security = security,
        Username = user,
        Password = password,
        From = "argus@example.com",
        To = ["ml@example.com", "oncall@example.com"],
        CaCertificate = ca,
    };

    [Fact]
    public async Task Email_PlainWithAuth_DeliversEveryDriftedColumn()
    {
        await using var sink = new SmtpSink(credentials: ("argus", "s3cret"));
        using var notifier = new Notifier(Options(Email(sink.Port, SmtpSecurity.None, "argus", "s3cret")));

        var result = Assert.Single(await notifier.NotifyAsync(Drift));

        Assert.True(result.Delivered, result.Error);
        var message = Assert.Single(sink.Messages);
        Assert.Equal("argus@example.com", message.From);
        Assert.Equal(["ml@example.com", "oncall@example.com"], message.To);
        Assert.Equal("[Argus] Data drift detected: tips", message.Header("Subject"));
        Assert.Contains("- total_bill: wasserstein = 0.213457 (threshold 0.1)", message.Body, StringComparison.Ordinal);
        Assert.Contains("- day: jensenshannon = 0.15 (threshold 0.1)", message.Body, StringComparison.Ordinal);
        Assert.StartsWith("2 of 6 columns drifted", message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_WrongPassword_FailsWithoutRetryingOrLeakingIt()
    {
        await using var sink = new SmtpSink(credentials: ("argus", "s3cret"));
        using var notifier = new Notifier(Options(Email(sink.Port, SmtpSecurity.None, "argus", "wrong-password")));

        var result = Assert.Single(await notifier.NotifyAsync(Drift));

        Assert.False(result.Delivered);
        Assert.Equal(1, result.Attempts); // 535 is permanent
        Assert.Contains("535", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", result.Error, StringComparison.Ordinal);
        Assert.Empty(sink.Messages);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Email_StartTlsOrImplicitTls_TrustsThePrivateCa(bool implicitTls)
    {
        using var certificate = SelfSigned("localhost");
        var caPath = _directory.Combine("ca.pem");
        await File.WriteAllTextAsync(caPath, certificate.ExportCertificatePem());
        await using var sink = new SmtpSink(certificate, implicitTls, credentials: ("argus", "s3cret"));
        using var notifier = new Notifier(Options(Email(sink.Port, implicitTls ? SmtpSecurity.Tls : SmtpSecurity.StartTls, "argus", "s3cret", caPath)));

        var result = Assert.Single(await notifier.NotifyAsync(Drift));

        Assert.True(result.Delivered, result.Error);
        Assert.True(Assert.Single(sink.Messages).OverTls);
    }

    [Fact]
    public async Task Email_UntrustedCertificate_NotDelivered()
    {
        using var certificate = SelfSigned("localhost");
        await using var sink = new SmtpSink(certificate);
        using var notifier = new Notifier(Options(Email(sink.Port, SmtpSecurity.StartTls)));

        var result = Assert.Single(await notifier.NotifyAsync(Drift));

        Assert.False(result.Delivered);
        Assert.Equal(1, result.Attempts);
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task Email_StartTlsRequiredButNotOffered_FailsClearly()
    {
        await using var sink = new SmtpSink();
        using var notifier = new Notifier(Options(Email(sink.Port, SmtpSecurity.StartTls)));

        var result = Assert.Single(await notifier.NotifyAsync(Drift));

        Assert.False(result.Delivered);
        Assert.Contains("does not offer STARTTLS", result.Error, StringComparison.Ordinal);
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task Email_ServerSaysTryLaterTwice_DeliveredOnTheThirdAttempt()
    {
        await using var sink = new SmtpSink(refuseFirst: 2);
        using var notifier = new Notifier(Options(Email(sink.Port, SmtpSecurity.None)));

        var result = Assert.Single(await notifier.NotifyAsync(Drift));

        Assert.True(result.Delivered, result.Error);
        Assert.Equal(3, result.Attempts);
        Assert.Single(sink.Messages);
    }

    [Fact]
    public async Task Email_TitleWithLineBreak_CannotInjectHeaders()
    {
        await using var sink = new SmtpSink();
        using var notifier = new Notifier(Options(Email(sink.Port, SmtpSecurity.None)));

        await notifier.NotifyAsync(Drift with { Title = "drift\r\nBcc: attacker@example.com\r\n.\r\nDATA" });

        var message = Assert.Single(sink.Messages);
        Assert.Null(message.Header("Bcc"));
        Assert.Equal(["ml@example.com", "oncall@example.com"], message.To);
    }

    [Fact]
    public async Task Webhook_Slack_PostsMarkdownText()
    {
        await using var receiver = await HttpReceiver.StartAsync();
        using var notifier = new Notifier(Options(new WebhookChannelOptions { Name = "chat", Url = new Uri(receiver.Url, "/hooks/T000") }));

        var result = Assert.Single(await notifier.NotifyAsync(Drift));

        Assert.True(result.Delivered, result.Error);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hooks/T000", request.Path);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        var text = body.RootElement.GetProperty("text").GetString()!;
        Assert.StartsWith(":warning: *Data drift detected: tips*\n2 of 6 columns drifted", text, StringComparison.Ordinal);
        Assert.Contains("- *total_bill*: wasserstein = 0.213457 (threshold 0.1)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_Json_StructuredBodyWithHeaderFromEnvironment()
    {
        Environment.SetEnvironmentVariable("ARGUS_TEST_WEBHOOK_TOKEN", "tok-123");
        await using var receiver = await HttpReceiver.StartAsync();
        using var notifier = new Notifier(Options(new WebhookChannelOptions
        {
            Name = "hook",
            Url = receiver.Url,
            Format = WebhookFormat.Json,
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer ${ARGUS_TEST_WEBHOOK_TOKEN}" },
        }));

        Assert.True(Assert.Single(await notifier.NotifyAsync(Drift)).Delivered);

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("Bearer tok-123", request.Headers["Authorization"]);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal("data_drift", root.GetProperty("event").GetString());
        Assert.Equal("warning", root.GetProperty("severity").GetString());
        Assert.Equal("tips", root.GetProperty("labels").GetProperty("model").GetString());
        Assert.Equal("2026-11-23T11:00:00Z", root.GetProperty("timestamp").GetString());
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal("total_bill", items[0].GetProperty("name").GetString());
        Assert.Equal(0.213456789, items[0].GetProperty("score").GetDouble());
        Assert.Equal(0.1, items[0].GetProperty("threshold").GetDouble());
    }

    [Fact]
    public async Task Webhook_ServerErrorThenOk_Retried_ClientErrorNot()
    {
        await using var flaky = await HttpReceiver.StartAsync(503, 500);
        await using var wrong = await HttpReceiver.StartAsync(404, 404, 404);
        using var notifier = new Notifier(Options(
            new WebhookChannelOptions { Name = "flaky", Url = flaky.Url },
            new WebhookChannelOptions { Name = "wrong", Url = wrong.Url }));

        var results = await notifier.NotifyAsync(Drift);

        Assert.Equal(new ChannelResult("flaky", true, 3, null), results[0]);
        Assert.False(results[1].Delivered);
        Assert.Equal(1, results[1].Attempts);
        Assert.Contains("HTTP 404", results[1].Error, StringComparison.Ordinal);
        Assert.Equal(3, flaky.Requests.Count);
        Assert.Single(wrong.Requests);
    }

    [Fact]
    public async Task Notify_OneChannelDown_TheOthersStillDeliver()
    {
        var closedPort = ClosedPort();
        await using var sink = new SmtpSink();
        await using var receiver = await HttpReceiver.StartAsync();
        using var notifier = new Notifier(Options(
            new WebhookChannelOptions { Name = "down", Url = new Uri($"http://127.0.0.1:{closedPort}/hook") },
            Email(sink.Port, SmtpSecurity.None),
            new WebhookChannelOptions { Name = "chat", Url = receiver.Url }));

        var results = await notifier.NotifyAsync(Drift);

        Assert.Equal(["down", "mail", "chat"], results.Select(r => r.Channel));
        Assert.False(results[0].Delivered);
        Assert.Equal(3, results[0].Attempts); // connection refused is worth retrying
        Assert.True(results[1].Delivered, results[1].Error);
        Assert.True(results[2].Delivered, results[2].Error);
    }

    [Fact]
    public async Task Notify_ChannelThatNeverAnswers_TimesOutAndOthersDeliver()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0); // accepts the connection, never says a word
        silent.Start();
        await using var receiver = await HttpReceiver.StartAsync();
        using var notifier = new Notifier(Options(
            Email(((IPEndPoint)silent.LocalEndpoint).Port, SmtpSecurity.None),
            new WebhookChannelOptions { Name = "chat", Url = receiver.Url }) with { Attempts = 1, Timeout = TimeSpan.FromMilliseconds(300) });

        var results = await notifier.NotifyAsync(Drift);

        Assert.False(results[0].Delivered);
        Assert.Contains("no answer within", results[0].Error, StringComparison.Ordinal);
        Assert.True(results[1].Delivered);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static X509Certificate2 SelfSigned(string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, false, 0, critical: true));
        using var created = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(1));
        // Through PKCS#12 so the server side has a key SslStream can use on Linux.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
