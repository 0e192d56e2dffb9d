using Argus.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Argus.Core.Notifications;

/// <summary>
/// The notification channels and how hard to try each. Usually read from YAML (<see cref="Load"/>):
/// <code>
/// channels:
///   - name: ml-team
///     type: email
///     host: smtp.example.com
///     security: starttls          # none | starttls | tls
///     username: argus
///     password_env: ARGUS_SMTP_PASSWORD
///     from: argus@example.com
///     to: [ml-team@example.com]
///   - name: chat
///     type: webhook
///     url: https://hooks.slack.com/services/T000/B000/XXXX
///     format: slack               # slack | json
/// attempts: 4
/// initial_delay_seconds: 1
/// max_delay_seconds: 30
/// timeout_seconds: 10
/// </code>
/// </summary>
public sealed record NotificationOptions
{
    /// <summary>The channels; each notification goes to all of them.</summary>
    public IReadOnlyList<ChannelOptions> Channels { get; init; } = [];

    /// <summary>Tries per channel and notification, the first included.</summary>
    /// <value>4</value>
    public int Attempts { get; init; } = 4;

    /// <summary>The wait after the first failed try; each further failure doubles it.</summary>
    /// <value>1 s</value>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between tries.</summary>
    /// <value>30 s</value>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one try may take (connect, send, answer).</summary>
    /// <value>10 s</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock for the waits between tries.</summary>
    /// <value><see cref="TimeProvider.System"/></value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Reads a YAML file.</summary>
    /// <exception cref="ArgusException">No such file, invalid YAML, or invalid options (every problem listed).</exception>
    public static NotificationOptions Load(string path)
    {
        if (!File.Exists(path))
        {
            throw ArgusException.NotFound($"The notification config '{path}' does not exist.");
        }

        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    /// <summary>Parses YAML; unknown keys are errors, and every problem is listed in one error.</summary>
    public static NotificationOptions Parse(string yaml, string sourceName = "notifications")
    {
        NotificationsDocument? document;
        try
        {
            document = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
                .Deserialize<NotificationsDocument?>(yaml);
        }
        catch (YamlException e)
        {
            throw ArgusException.InvalidParameter($"{sourceName} line {e.Start.Line}: {(e.InnerException ?? e).Message}");
        }

        document ??= new NotificationsDocument();
        var problems = new List<string>();
        var channels = new List<ChannelOptions>();
        for (var i = 0; i < document.Channels.Count; i++)
        {
            if (ToChannel(document.Channels[i], $"channels[{i}]", problems) is { } channel)
            {
                channels.Add(channel);
            }
        }

        var options = new NotificationOptions
        {
            Channels = channels,
            Attempts = document.Attempts ?? 4,
            InitialDelay = Seconds(document.InitialDelaySeconds, 1, "initial_delay_seconds", problems),
            MaxDelay = Seconds(document.MaxDelaySeconds, 30, "max_delay_seconds", problems),
            Timeout = Seconds(document.TimeoutSeconds, 10, "timeout_seconds", problems),
        };
        problems.AddRange(options.Problems());
        if (problems.Count > 0)
        {
            throw ArgusException.InvalidParameter($"{sourceName}: {string.Join("; ", problems)}.");
        }

        return options;
    }

    /// <summary>Throws one <see cref="ArgusException"/> naming every invalid option.</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw ArgusException.InvalidParameter($"Invalid notification options: {string.Join("; ", problems)}.");
        }
    }

    private List<string> Problems()
    {
        var problems = new List<string>();
        if (Attempts < 1)
        {
            problems.Add($"attempts must be at least 1 (got {Attempts})");
        }

        if (InitialDelay < TimeSpan.Zero || MaxDelay < InitialDelay)
        {
            problems.Add($"delays must satisfy 0 ≤ initial ≤ max (got {InitialDelay} and {MaxDelay})");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            problems.Add($"timeout must be positive (got {Timeout})");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var channel in Channels)
        {
            if (string.IsNullOrWhiteSpace(channel.Name))
            {
                problems.Add("every channel needs a name");
            }
            else if (!names.Add(channel.Name))
            {
                problems.Add($"channel name '{channel.Name}' is used twice");
            }

            switch (channel)
            {
                case EmailChannelOptions email:
                    if (string.IsNullOrWhiteSpace(email.Host))
                    {
                        problems.Add($"channel '{channel.Name}': host is required");
                    }

                    if (email.Port is < 1 or > 65535)
                    {
                        problems.Add($"channel '{channel.Name}': port must be 1–65535 (got {email.Port})");
                    }

                    if (!IsAddress(email.From))
                    {
                        problems.Add($"channel '{channel.Name}': from '{email.From}' is not an email address");
                    }

                    if (email.To.Count == 0)
                    {
                        problems.Add($"channel '{channel.Name}': to needs at least one address");
                    }

                    foreach (var to in email.To)
                    {
                        if (!IsAddress(to))
                        {
                            problems.Add($"channel '{channel.Name}': to '{to}' is not an email address");
                        }
                    }

                    if (email.Password is not null && email.PasswordEnv is not null)
                    {
                        problems.Add($"channel '{channel.Name}': give password or password_env, not both");
                    }

                    if ((email.Password ?? email.PasswordEnv) is not null && email.Username is null)
                    {
                        problems.Add($"channel '{channel.Name}': a password needs a username");
                    }

                    if (email.CaCertificate is { } ca && !File.Exists(ca))
                    {
                        problems.Add($"channel '{channel.Name}': ca_certificate '{ca}' does not exist");
                    }

                    break;
                case WebhookChannelOptions webhook:
                    if (!webhook.Url.IsAbsoluteUri || (webhook.Url.Scheme != Uri.UriSchemeHttp && webhook.Url.Scheme != Uri.UriSchemeHttps))
                    {
                        problems.Add($"channel '{channel.Name}': url must be an absolute http(s) URL (got '{webhook.Url}')");
                    }

                    break;
                default:
                    break;
            }
        }

        return problems;
    }

    // Enough to catch a typo (no @, spaces, line breaks that would inject SMTP commands); the server judges the rest.
    private static bool IsAddress(string address) =>
        address.Length is > 2 and < 255 && address.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < address.Length - 1
        && address.AsSpan().IndexOfAny(" \r\n<>,;\"") < 0;

    private static TimeSpan Seconds(double? value, double fallback, string key, List<string> problems)
    {
        var seconds = value ?? fallback;
        if (!double.IsFinite(seconds) || seconds < 0 || seconds > TimeSpan.FromDays(1).TotalSeconds)
        {
            problems.Add($"{key} must be between 0 and 86400 (got {seconds})");
            return TimeSpan.Zero;
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static ChannelOptions? ToChannel(ChannelDocument document, string where, List<string> problems)
    {
        var name = document.Name ?? string.Empty;
        var label = document.Name is null ? where : $"channel '{document.Name}'";
        switch (document.Type?.ToLowerInvariant())
        {
            case "email":
                if (document.Url is not null || document.Format is not null || document.Headers is not null)
                {
                    problems.Add($"{label}: url, format and headers belong to webhook channels");
                }

                var security = SmtpSecurity.StartTls;
                if (document.Security is { } text && !TryParseSecurity(text, out security))
                {
                    problems.Add($"{label}: security must be none, starttls or tls (got '{text}')");
                }

                if (document.Host is null || document.From is null || document.To is null)
                {
                    problems.Add($"{label}: email channels need host, from and to");
                    return null;
                }

                return new EmailChannelOptions
                {
                    Name = name,
                    Host = document.Host,
                    Port = document.Port,
                    Security = security,
                    Username = document.Username,
                    Password = document.Password,
                    PasswordEnv = document.PasswordEnv,
                    From = document.From,
                    To = document.To,
                    CaCertificate = document.CaCertificate,
                    SubjectPrefix = document.SubjectPrefix ?? "[Argus]",
                };
            case "webhook":
                if (document.Host is not null || document.From is not null || document.To is not null || document.Security is not null)
                {
                    problems.Add($"{label}: host, from, to and security belong to email channels");
                }

                var format = WebhookFormat.Slack;
                if (document.Format is { } formatText && !Enum.TryParse(formatText, ignoreCase: true, out format))
                {
                    problems.Add($"{label}: format must be slack or json (got '{formatText}')");
                }

                if (document.Url is null || !Uri.TryCreate(document.Url, UriKind.Absolute, out var url))
                {
                    problems.Add($"{label}: webhook channels need an absolute url");
                    return null;
                }

                return new WebhookChannelOptions
                {
                    Name = name,
                    Url = url,
                    Format = format,
                    Headers = document.Headers ?? new Dictionary<string, string>(),
                };
            default:
                problems.Add($"{label}: type must be email or webhook (got '{document.Type}')");
                return null;
        }
    }

    private static bool TryParseSecurity(string text, out SmtpSecurity security)
    {
        security = text.ToLowerInvariant() switch
        {
            "none" => SmtpSecurity.None,
            "starttls" => SmtpSecurity.StartTls,
            "tls" or "ssl" => SmtpSecurity.Tls,
            _ => (SmtpSecurity)(-1),
        };
        return security >= 0;
    }

    private sealed class NotificationsDocument
    {
        public List<ChannelDocument> Channels { get; set; } = [];

        public int? Attempts { get; set; }

        public double? InitialDelaySeconds { get; set; }

        public double? MaxDelaySeconds { get; set; }

        public double? TimeoutSeconds { get; set; }
    }

    private sealed class ChannelDocument
    {
        public string? Name { get; set; }

        public string? Type { get; set; }

        public string? Host { get; set; }

        public int? Port { get; set; }

        public string? Security { get; set; }

        public string? Username { get; set; }

        public string? Password { get; set; }

        public string? PasswordEnv { get; set; }

        public string? From { get; set; }

        public List<string>? To { get; set; }

        public string? CaCertificate { get; set; }

        public string? SubjectPrefix { get; set; }

        public string? Url { get; set; }

        public string? Format { get; set; }

        public Dictionary<string, string>? Headers { get; set; }
    }
}
