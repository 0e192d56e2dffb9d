namespace Argus.Core.Notifications;

/// <summary>The body a webhook channel posts.</summary>
public enum WebhookFormat
{
    /// <summary><c>{"text": "..."}</c> in Slack's mrkdwn: Slack, Mattermost, Rocket.Chat and Teams' Slack-compatible hooks read it.</summary>
    Slack,

    /// <summary>The notification as structured JSON (title, summary, severity, event, items, labels, link, timestamp).</summary>
    Json,
}
