using System.Text;
using Argus.Core.Alerts;
using Argus.Core.Notifications;

namespace Argus.Tests.Core.Alerts;

public sealed class AlertNotificationsTests
{
    private static ReceivedAlert Received(string json) =>
        new(1, DateTimeOffset.UnixEpoch, Assert.Single(AlertmanagerWebhook.Parse(Encoding.UTF8.GetBytes(json))));

    [Fact]
    public void Create_FiringAlert_SubjectWithStatusNameAndLabelsBodyWithDetails()
    {
        var json = AlertPayloads.Message("ArgusDataDriftDetected", new DateTimeOffset(2026, 11, 22, 10, 31, 0, TimeSpan.Zero),
            new Dictionary<string, string> { ["model"] = "tips", ["severity"] = "critical" }, "abc123")
            .Replace("\"summary\":\"s\"", "\"summary\":\"Drift on tips\",\"description\":\"3 of 7 columns drifted\"", StringComparison.Ordinal)
            .Replace("\"fingerprint\"", "\"generatorURL\":\"http://prometheus.invalid/graph?g0.expr=x\",\"fingerprint\"", StringComparison.Ordinal);

        var notification = AlertNotifications.Create(Received(json));

        Assert.Equal("[FIRING] ArgusDataDriftDetected model=tips", notification.Title);
        Assert.Equal(NotificationSeverity.Critical, notification.Severity);
        Assert.Equal("alert_firing", notification.Event);
        Assert.Contains("Status: firing", notification.Summary, StringComparison.Ordinal);
        Assert.Contains("Summary: Drift on tips", notification.Summary, StringComparison.Ordinal);
        Assert.Contains("Description: 3 of 7 columns drifted", notification.Summary, StringComparison.Ordinal);
        Assert.Contains("Labels: alertname=ArgusDataDriftDetected, model=tips, severity=critical", notification.Summary, StringComparison.Ordinal);
        Assert.Contains("Started: 2026-11-22T10:31:00.000Z", notification.Summary, StringComparison.Ordinal);
        Assert.Equal(new Uri("http://prometheus.invalid/graph?g0.expr=x"), notification.Link);
        Assert.Equal("abc123", notification.Labels["fingerprint"]);
    }

    [Fact]
    public void Create_ResolvedAlert_ResolvedSubjectInfoSeverityAndEndTime()
    {
        var notification = AlertNotifications.Create(Received(AlertPayloads.CapturedResolved));

        Assert.Equal("[RESOLVED] MlopsBatchJobStale job=drift_check", notification.Title);
        Assert.Equal(NotificationSeverity.Info, notification.Severity);
        Assert.Contains("Ended: 2026-11-22T10:31:13.181Z", notification.Summary, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 31, 13, 181, TimeSpan.Zero), notification.Timestamp);
    }
}
