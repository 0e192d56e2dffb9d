namespace Argus.Core.Notifications;

/// <summary>
/// One message to people: what happened (<see cref="Title"/>), a sentence of context (<see cref="Summary"/>), and the
/// findings behind it (<see cref="Items"/>, e.g. each drifted column with its test, score and threshold).
/// </summary>
public sealed record Notification
{
    /// <summary>A one-line subject, e.g. <c>Data drift detected: tips</c>.</summary>
    public required string Title { get; init; }

    /// <summary>One or two sentences: which data, which window, how much drifted.</summary>
    public required string Summary { get; init; }

    /// <summary>How bad it is.</summary>
    /// <value><see cref="NotificationSeverity.Warning"/></value>
    public NotificationSeverity Severity { get; init; } = NotificationSeverity.Warning;

    /// <summary>The kind of event, for machines reading a JSON webhook (<c>data_drift</c>, <c>test_suite_failed</c>, …).</summary>
    /// <value><c>argus</c></value>
    public string Event { get; init; } = "argus";

    /// <summary>The findings, one line each.</summary>
    public IReadOnlyList<NotificationItem> Items { get; init; } = [];

    /// <summary>Where to look further (a report, a run page), or null.</summary>
    public Uri? Link { get; init; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Free labels for machines (model, version, window), copied into the JSON webhook body.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
