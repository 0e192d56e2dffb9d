using Argus.Core.Errors;
using Argus.Core.Notifications;

namespace Argus.Core.Pipelines.Steps;

/// <summary>
/// The notification settings the <c>notify</c> and <c>monitor</c> kinds share: a notifications YAML file (as
/// <c>argus monitor --notify</c> reads it), webhook URLs, and email recipients with the SMTP server to send through.
/// Passwords are only taken from an environment variable, so no secret is stored with a run's settings.
/// </summary>
public static class StepNotifications
{
    /// <summary>The settings, for a kind's <see cref="IStepKind.Settings"/>.</summary>
    public static IReadOnlyList<StepSetting> Settings { get; } =
    [
        new("notifications", false, "A notifications YAML file (channels, attempts, timeouts), as argus monitor --notify reads it."),
        new("webhook", false, "Webhook URLs to POST to.", IsList: true),
        new("webhook_format", false, "slack (default) or json."),
        new("email", false, "Email recipients.", IsList: true),
        new("smtp_host", false, "The SMTP server (required with email)."),
        new("smtp_port", false, "The SMTP port (default 587 with starttls, 465 with tls, 25 with none)."),
        new("smtp_security", false, "none, starttls (default) or tls."),
        new("smtp_username", false, "The SMTP user, if the server wants one."),
        new("smtp_password_env", false, "The environment variable holding the SMTP password."),
        new("smtp_from", false, "The sender address (required with email)."),
    ];

    /// <summary>The channels the settings configure, validated; null when they configure none.</summary>
    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE naming the step and every problem.</exception>
    public static NotificationOptions? Options(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return Build(context);
        }
        catch (ArgusException e)
        {
            throw context.WithStep(e);
        }
    }

    private static NotificationOptions? Build(StepContext context)
    {
        var options = context.LocalPathOrNull("notifications") is { } file ? NotificationOptions.Load(file) : null;
        var channels = new List<ChannelOptions>(options?.Channels ?? []);
        var problems = new List<string>();
        // An empty entry (a parameter left empty: no webhook) is no channel.
        var webhooks = context.List("webhook").Where(w => !string.IsNullOrWhiteSpace(w)).ToList();
        var format = context.ChoiceOrNull("webhook_format", "slack", "json") == "json" ? WebhookFormat.Json : WebhookFormat.Slack;
        for (var i = 0; i < webhooks.Count; i++)
        {
            if (Uri.TryCreate(webhooks[i].Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                channels.Add(new WebhookChannelOptions { Name = webhooks.Count == 1 ? "webhook" : $"webhook-{i + 1}", Url = url, Format = format });
            }
            else
            {
                problems.Add($"webhook '{webhooks[i]}' is not an absolute http(s) URL");
            }
        }

        var recipients = context.List("email");
        if (recipients.Count > 0)
        {
            var host = context.TextOrNull("smtp_host");
            var from = context.TextOrNull("smtp_from");
            if (host is null)
            {
                problems.Add("email needs smtp_host");
            }

            if (from is null)
            {
                problems.Add("email needs smtp_from");
            }

            var security = context.ChoiceOrNull("smtp_security", "none", "starttls", "tls") switch
            {
                "none" => SmtpSecurity.None,
                "tls" => SmtpSecurity.Tls,
                _ => SmtpSecurity.StartTls,
            };
            if (host is not null && from is not null)
            {
                channels.Add(new EmailChannelOptions
                {
                    Name = "email",
                    Host = host,
                    Port = context.IntegerOrNull("smtp_port", 1),
                    Security = security,
                    Username = context.TextOrNull("smtp_username"),
                    PasswordEnv = context.TextOrNull("smtp_password_env"),
                    From = from,
                    To = [.. recipients.Select(r => r.Trim())],
                });
            }
        }

        else if (Settings.Any(s => s.Name.StartsWith("smtp_", StringComparison.Ordinal) && context.Settings.ContainsKey(s.Name)))
        {
            problems.Add("the smtp_ settings need email (the recipients)");
        }

        if (problems.Count > 0)
        {
            throw ArgusException.InvalidParameter($"Step '{context.StepName}': {string.Join("; ", problems)}.");
        }

        if (channels.Count == 0)
        {
            return null;
        }

        options = (options ?? new NotificationOptions()) with { Channels = channels, TimeProvider = context.TimeProvider };
        options.Validate();
        return options;
    }
}
