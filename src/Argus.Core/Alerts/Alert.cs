namespace Argus.Core.Alerts;

/// <summary>
/// One alert of an Alertmanager webhook message, with the message's context (receiver, group key, Alertmanager's URL).
/// <see cref="Fingerprint"/>, <see cref="StartsAt"/> and <see cref="Status"/> identify it: Alertmanager sends the same
/// alert again every <c>repeat_interval</c> and on retries, and the store keeps one copy.
/// </summary>
public sealed record Alert
{
    /// <summary>The label <c>alertname</c>, which every alert from a Prometheus rule carries.</summary>
    public const string NameLabel = "alertname";

    /// <summary>Alertmanager's hash of the label set (hex), stable for the same labels.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Firing or resolved.</summary>
    public required AlertStatus Status { get; init; }

    /// <summary>The alert's labels, sorted by name.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The alert's annotations (<c>summary</c>, <c>description</c>, <c>runbook_url</c>…), sorted by name.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>When the alert started firing (stored to the millisecond).</summary>
    public required DateTimeOffset StartsAt { get; init; }

    /// <summary>When it ended; null while it fires (Alertmanager sends <c>0001-01-01T00:00:00Z</c> then).</summary>
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>The link back to the rule's expression in Prometheus, or null.</summary>
    public string? GeneratorUrl { get; init; }

    /// <summary>The Alertmanager receiver that sent it, or null.</summary>
    public string? Receiver { get; init; }

    /// <summary>The alert group's key, e.g. <c>{}:{alertname="ModelDriftHigh"}</c>, or null.</summary>
    public string? GroupKey { get; init; }

    /// <summary>Alertmanager's own URL, or null.</summary>
    public string? ExternalUrl { get; init; }

    /// <summary>The <c>alertname</c> label; empty when there is none.</summary>
    public string AlertName => Labels.TryGetValue(NameLabel, out var name) ? name : string.Empty;
}
