using Argus.Core.Errors;
using Argus.Core.Notifications;

namespace Argus.Core.Pipelines.Steps;

/// <summary>
/// <c>kind: notify</c>: sends one notification through <see cref="Notifier"/> to every channel the settings configure
/// (webhooks, email, a notifications file), each with its retries. The attempt fails only when every channel failed.
/// </summary>
public sealed class NotifyStep : IStepKind
{
    /// <summary>The notification's <see cref="Notification.Event"/>.</summary>
    public const string Event = "pipeline";

    public string Name => "notify";

    public string Description => "Send a notification to webhooks and email; fails when no channel takes it.";

    public IReadOnlyList<StepSetting> Settings { get; } =
    [
        new("title", true, "The one-line subject."),
        new("summary", false, "A sentence or two of context (default: which pipeline run and step sent it)."),
        new("severity", false, "info (default), warning or critical."),
        .. StepNotifications.Settings,
    ];

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var title = context.Text("title");
        var severity = context.ChoiceOrNull("severity", "info", "warning", "critical") switch
        {
            "warning" => NotificationSeverity.Warning,
            "critical" => NotificationSeverity.Critical,
            _ => NotificationSeverity.Info,
        };
        var options = StepNotifications.Options(context)
            ?? throw ArgusException.InvalidParameter($"Step '{context.StepName}': no channel to send to: give webhook, email (with smtp_host and smtp_from) or notifications.");
        using var notifier = new Notifier(options);
        await context.Log.WriteLineAsync($"Sending '{title}' ({severity.ToString().ToLowerInvariant()}) to {string.Join(", ", notifier.Channels)}").ConfigureAwait(false);
        var results = await notifier.NotifyAsync(new Notification
        {
            Title = title,
            Summary = context.TextOrNull("summary") ?? $"Pipeline {context.PipelineName}, run {context.PipelineRunId}, step {context.StepName}.",
            Severity = severity,
            Event = Event,
            Timestamp = context.TimeProvider.GetUtcNow(),
            Labels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["pipeline"] = context.PipelineName,
                ["pipeline_run_id"] = context.PipelineRunId,
                ["step"] = context.StepName,
            },
        }, cancellationToken).ConfigureAwait(false);
        foreach (var result in results)
        {
            await context.Log.WriteLineAsync(result.Delivered
                ? $"{result.Channel}: delivered (attempt {result.Attempts})"
                : $"{result.Channel}: FAILED after {result.Attempts} attempts: {result.Error}").ConfigureAwait(false);
        }

        var delivered = results.Where(r => r.Delivered).Select(r => r.Channel).ToList();
        if (delivered.Count == 0)
        {
            throw new ArgusException(ErrorCode.TemporarilyUnavailable,
                $"Step '{context.StepName}': no channel took the notification: {string.Join("; ", results.Select(r => $"{r.Channel}: {r.Error}"))}.");
        }

        return new Dictionary<string, string>(StringComparer.Ordinal) { ["channels"] = string.Join(",", delivered) };
    }
}
