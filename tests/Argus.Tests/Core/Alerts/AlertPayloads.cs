using System.Text;
using Argus.Core.Alerts;

namespace Argus.Tests.Core.Alerts;

/// <summary>Alertmanager webhook messages for tests: a real captured one (Alertmanager 0.25.0) and made-up variations.</summary>
internal static class AlertPayloads
{
    /// <summary>A firing message captured from Alertmanager 0.25.0 (rule MlopsBatchJobStale, through Prometheus 2.42).</summary>
    public const string CapturedFiring = """
        {"receiver":"mlops-webhook","status":"firing",
         "alerts":[{"status":"firing",
           "labels":{"alertname":"MlopsBatchJobStale","job":"drift_check","severity":"warning"},
           "annotations":{"runbook_url":"https://example.invalid/runbooks/batch-stale","summary":"Batch job drift_check last pushed 11.68s ago"},
           "startsAt":"2026-11-22T10:31:00.181Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"http://vm:19090/graph?g0.expr=time%28%29+-+max+by+%28job%29+%28push_time_seconds%7Bjob%3D%22drift_check%22%7D%29+%3E+0&g0.tab=1",
           "fingerprint":"764411f058cebd4f"}],
         "groupLabels":{"alertname":"MlopsBatchJobStale"},
         "commonLabels":{"alertname":"MlopsBatchJobStale","job":"drift_check","severity":"warning"},
         "commonAnnotations":{"runbook_url":"https://example.invalid/runbooks/batch-stale","summary":"Batch job drift_check last pushed 11.68s ago"},
         "externalURL":"http://vm:19093","version":"4","groupKey":"{}:{alertname=\"MlopsBatchJobStale\"}","truncatedAlerts":0}
        """;

    /// <summary>The resolved follow-up of <see cref="CapturedFiring"/>: same shape, resolved at both levels, a real endsAt.</summary>
    public static string CapturedResolved => CapturedFiring
        .Replace("\"status\":\"firing\"", "\"status\":\"resolved\"", StringComparison.Ordinal)
        .Replace("\"endsAt\":\"0001-01-01T00:00:00Z\"", "\"endsAt\":\"2026-11-22T10:31:13.181Z\"", StringComparison.Ordinal);

    /// <summary>The captured message with its alert's name and fingerprint replaced, so tests sharing a server stay apart.</summary>
    public static string Firing(string alertName, string fingerprint, bool resolved = false) =>
        (resolved ? CapturedResolved : CapturedFiring)
            .Replace("MlopsBatchJobStale", alertName, StringComparison.Ordinal)
            .Replace("764411f058cebd4f", fingerprint, StringComparison.Ordinal);

    /// <summary>A message with one alert per fingerprint, all firing since <paramref name="startsAt"/>.</summary>
    public static string Message(string alertName, DateTimeOffset startsAt, IReadOnlyDictionary<string, string> labels, params string[] fingerprints)
    {
        var alerts = new StringBuilder();
        foreach (var fingerprint in fingerprints)
        {
            alerts.Append(alerts.Length == 0 ? string.Empty : ",");
            alerts.Append($$"""{"status":"firing","labels":{"alertname":"{{alertName}}"{{string.Concat(labels.Select(l => $",\"{l.Key}\":\"{l.Value}\""))}}},"annotations":{"summary":"s"},"startsAt":"{{AlertJson.Time(startsAt)}}","endsAt":"0001-01-01T00:00:00Z","fingerprint":"{{fingerprint}}"}""");
        }

        return $$"""{"version":"4","receiver":"r","status":"firing","alerts":[{{alerts}}]}""";
    }

    /// <summary>An alert for store tests.</summary>
    public static Alert Alert(string fingerprint, DateTimeOffset startsAt, AlertStatus status = AlertStatus.Firing, string alertName = "ModelDriftHigh", params (string Key, string Value)[] labels)
    {
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal) { [Argus.Core.Alerts.Alert.NameLabel] = alertName };
        foreach (var (key, value) in labels)
        {
            all[key] = value;
        }

        return new Alert
        {
            Fingerprint = fingerprint,
            Status = status,
            Labels = all,
            Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["summary"] = $"{alertName} {fingerprint}" },
            StartsAt = startsAt,
            EndsAt = status == AlertStatus.Resolved ? startsAt.AddMinutes(5) : null,
            GeneratorUrl = "http://prometheus.invalid/graph",
            Receiver = "argus",
            GroupKey = $"{{}}:{{alertname=\"{alertName}\"}}",
            ExternalUrl = "http://alertmanager.invalid",
        };
    }
}
