using Argus.Core.Alerts;
using Argus.Core.Errors;
using System.Text;

namespace Argus.Tests.Core.Alerts;

public sealed class AlertmanagerWebhookTests
{
    private static IReadOnlyList<Alert> Parse(string json) => AlertmanagerWebhook.Parse(Encoding.UTF8.GetBytes(json));

    private static ArgusException Rejected(string json)
    {
        var e = Assert.Throws<ArgusException>(() => Parse(json));
        Assert.Equal(ErrorCode.BadRequest, e.Code);
        return e;
    }

    [Fact]
    public void Parse_CapturedFiringMessage_ReadsEveryField()
    {
        var alert = Assert.Single(Parse(AlertPayloads.CapturedFiring));

        Assert.Equal("764411f058cebd4f", alert.Fingerprint);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal("MlopsBatchJobStale", alert.AlertName);
        Assert.Equal(["alertname", "job", "severity"], alert.Labels.Keys);
        Assert.Equal("drift_check", alert.Labels["job"]);
        Assert.Equal("Batch job drift_check last pushed 11.68s ago", alert.Annotations["summary"]);
        Assert.Equal("https://example.invalid/runbooks/batch-stale", alert.Annotations["runbook_url"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 31, 0, 181, TimeSpan.Zero), alert.StartsAt);
        Assert.Null(alert.EndsAt);
        Assert.StartsWith("http://vm:19090/graph?g0.expr=time%28%29", alert.GeneratorUrl, StringComparison.Ordinal);
        Assert.Equal("mlops-webhook", alert.Receiver);
        Assert.Equal("{}:{alertname=\"MlopsBatchJobStale\"}", alert.GroupKey);
        Assert.Equal("http://vm:19093", alert.ExternalUrl);
    }

    [Fact]
    public void Parse_CapturedResolvedMessage_HasEndTime()
    {
        var alert = Assert.Single(Parse(AlertPayloads.CapturedResolved));

        Assert.Equal(AlertStatus.Resolved, alert.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 31, 13, 181, TimeSpan.Zero), alert.EndsAt);
    }

    [Fact]
    public void Parse_UnknownFieldsOfNewerAlertmanagers_AreIgnored()
    {
        var json = AlertPayloads.CapturedFiring.Replace("\"version\":\"4\"",
            "\"version\":\"4\",\"notification_reason\":\"new\",\"routeLabels\":{\"team\":\"ml\"},\"extra\":[1,{\"a\":null}]", StringComparison.Ordinal);

        Assert.Single(Parse(json));
    }

    [Theory]
    [InlineData("2026-11-22T10:31:00Z", 0L)]
    [InlineData("2026-11-22T10:31:00.181Z", 1_810_000L)]
    [InlineData("2026-11-22T10:31:00.181234567Z", 1_812_345L)]
    [InlineData("2026-11-22T12:31:00.5+02:00", 5_000_000L)]
    public void TryParseTime_GoRfc3339Forms_ReadAsUtc(string text, long ticksIntoSecond)
    {
        Assert.True(AlertmanagerWebhook.TryParseTime(text, out var time));

        Assert.Equal(TimeSpan.Zero, time.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 31, 0, TimeSpan.Zero).AddTicks(ticksIntoSecond), time);
    }

    [Theory]
    [InlineData("\"version\":\"3\"", "version \"3\"")]
    [InlineData("\"version\":4", "version 4")]
    public void Parse_OtherVersion_BadRequestNamingIt(string replacement, string fragment)
    {
        var e = Rejected(AlertPayloads.CapturedFiring.Replace("\"version\":\"4\"", replacement, StringComparison.Ordinal));

        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"version\":\"4\",", "Malformed JSON")]
    [InlineData("{\"version\":\"4\",\"alerts\":[]} {}", "Malformed JSON")]
    [InlineData("[]", "JSON object")]
    [InlineData("{\"status\":\"firing\",\"alerts\":[]}", "no 'version'")]
    [InlineData("{\"version\":\"4\"}", "no 'alerts' array")]
    [InlineData("{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"startsAt\":\"2026-11-22T10:31:00Z\"}]}", "alerts[0] has no 'fingerprint'")]
    [InlineData("{\"version\":\"4\",\"alerts\":[{\"fingerprint\":\"f\",\"startsAt\":\"2026-11-22T10:31:00Z\"}]}", "alerts[0] has no 'status'")]
    [InlineData("{\"version\":\"4\",\"alerts\":[{\"fingerprint\":\"f\",\"status\":\"pending\",\"startsAt\":\"2026-11-22T10:31:00Z\"}]}", "\"firing\" or \"resolved\"")]
    [InlineData("{\"version\":\"4\",\"alerts\":[{\"fingerprint\":\"f\",\"status\":\"firing\"}]}", "alerts[0] has no 'startsAt'")]
    [InlineData("{\"version\":\"4\",\"alerts\":[{\"fingerprint\":\"f\",\"status\":\"firing\",\"startsAt\":\"yesterday\"}]}", "not an RFC 3339 time")]
    [InlineData("{\"version\":\"4\",\"alerts\":[{\"fingerprint\":\"f\",\"status\":\"firing\",\"startsAt\":\"2026-11-22T10:31:00Z\",\"labels\":{\"a\":1}}]}", "alerts[0].labels.a must be a string")]
    public void Parse_InvalidMessage_BadRequestSayingWhat(string json, string fragment)
    {
        var e = Rejected(json);

        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    // The lazy decoding the fuzzer found in /invocations: JsonDocument threw InvalidOperationException (a 500) for these.
    [Theory]
    [InlineData(@"\uD800")]
    [InlineData(@"a\uDC00b")]
    public void Parse_UnpairedSurrogateEscapeInALabel_BadRequest(string escape)
    {
        var body = AlertPayloads.Firing("Lonely", "fp-1").Replace("\"severity\":\"warning\"", $"\"severity\":\"{escape}\"", StringComparison.Ordinal);
        Assert.Contains(escape, body, StringComparison.Ordinal);

        var e = Assert.Throws<ArgusException>(() => AlertmanagerWebhook.Parse(System.Text.Encoding.UTF8.GetBytes(body)));

        Assert.Equal(ErrorCode.BadRequest, e.Code);
    }
}
