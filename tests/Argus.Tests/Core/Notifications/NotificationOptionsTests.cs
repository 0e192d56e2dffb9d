using Argus.Core.Errors;
using Argus.Core.Notifications;

namespace Argus.Tests.Core.Notifications;

public sealed class NotificationOptionsTests
{
    [Fact]
    public void Parse_FullConfig_EveryFieldRead()
    {
        var options = NotificationOptions.Parse("""
            channels:
              - name: ml-team
                type: email
                host: smtp.example.com
                security: tls
                username: argus
                password_env: ARGUS_SMTP_PASSWORD
                from: argus@example.com
                to: [ml@example.com, oncall@example.com]
                subject_prefix: "[tips]"
              - name: chat
                type: webhook
                url: https://hooks.example.com/T000
                format: json
                headers:
                  Authorization: Bearer ${TOKEN}
            attempts: 5
            initial_delay_seconds: 0.5
            max_delay_seconds: 20
            timeout_seconds: 3
            """);

        var email = Assert.IsType<EmailChannelOptions>(options.Channels[0]);
        Assert.Equal(("ml-team", "smtp.example.com", SmtpSecurity.Tls, 465), (email.Name, email.Host, email.Security, email.EffectivePort));
        Assert.Equal(("argus", "ARGUS_SMTP_PASSWORD", "[tips]"), (email.Username, email.PasswordEnv, email.SubjectPrefix));
        Assert.Equal(["ml@example.com", "oncall@example.com"], email.To);
        var webhook = Assert.IsType<WebhookChannelOptions>(options.Channels[1]);
        Assert.Equal((new Uri("https://hooks.example.com/T000"), WebhookFormat.Json), (webhook.Url, webhook.Format));
        Assert.Equal("Bearer ${TOKEN}", webhook.Headers["Authorization"]);
        Assert.Equal((5, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(3)), (options.Attempts, options.InitialDelay, options.MaxDelay, options.Timeout));
    }

    [Fact]
    public void Parse_EmailDefaults_StartTlsOn587()
    {
        var options = NotificationOptions.Parse("channels: [{name: m, type: email, host: h, from: a@b.c, to: [d@e.f]}]");

        var email = Assert.IsType<EmailChannelOptions>(Assert.Single(options.Channels));
        Assert.Equal((SmtpSecurity.StartTls, 587), (email.Security, email.EffectivePort));
    }

    [Fact]
    public void Parse_ManyProblems_AllListedInOneError()
    {
        var error = Assert.Throws<ArgusException>(() => NotificationOptions.Parse("""
            channels:
              - name: a
                type: pager
              - name: b
                type: email
                host: h
                from: not-an-address
                to: []
                password: x
                password_env: Y
              - name: b
                type: webhook
                url: ftp://example.com/hook
                format: xml
            attempts: 0
            """));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        foreach (var expected in new[]
        {
            "channel 'a': type must be email or webhook (got 'pager')",
            "from 'not-an-address' is not an email address",
            "to needs at least one address",
            "give password or password_env, not both",
            "a password needs a username",
            "format must be slack or json (got 'xml')",
            "url must be an absolute http(s) URL",
            "channel name 'b' is used twice",
            "attempts must be at least 1",
        })
        {
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_UnknownKey_ErrorNamesTheLine()
    {
        var error = Assert.Throws<ArgusException>(() => NotificationOptions.Parse("channels:\n  - name: a\n    type: webhook\n    uri: http://x\n", "n.yaml"));

        Assert.StartsWith("n.yaml line 4:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AddressWithLineBreak_Rejected()
    {
        var error = Assert.Throws<ArgusException>(() => NotificationOptions.Parse("channels: [{name: m, type: email, host: h, from: a@b.c, to: [\"d@e.f\\r\\nRCPT TO:<x@y.z>\"]}]"));

        Assert.Contains("is not an email address", error.Message, StringComparison.Ordinal);
    }
}
