namespace Argus.Core.Notifications;

/// <summary>An email channel: an SMTP server, who sends, who receives.</summary>
public sealed record EmailChannelOptions : ChannelOptions
{
    /// <summary>The SMTP server's host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>The SMTP port.</summary>
    /// <value>587 with STARTTLS, 465 with TLS, 25 without.</value>
    public int? Port { get; init; }

    /// <summary>The port used: <see cref="Port"/>, else the usual one for <see cref="Security"/>.</summary>
    public int EffectivePort => Port ?? Security switch
    {
        SmtpSecurity.StartTls => 587,
        SmtpSecurity.Tls => 465,
        _ => 25,
    };

    /// <summary>Connection security.</summary>
    /// <value><see cref="SmtpSecurity.StartTls"/></value>
    public SmtpSecurity Security { get; init; } = SmtpSecurity.StartTls;

    /// <summary>The user for SMTP AUTH (PLAIN or LOGIN), or null for none.</summary>
    public string? Username { get; init; }

    /// <summary>The password; prefer <see cref="PasswordEnv"/> so the file holds no secret.</summary>
    public string? Password { get; init; }

    /// <summary>An environment variable holding the password.</summary>
    public string? PasswordEnv { get; init; }

    /// <summary>The sender address.</summary>
    public required string From { get; init; }

    /// <summary>The recipients.</summary>
    public required IReadOnlyList<string> To { get; init; }

    /// <summary>A PEM file of a CA to trust besides the system's (a company's private CA), or null.</summary>
    public string? CaCertificate { get; init; }

    /// <summary>Text put before every subject.</summary>
    /// <value><c>[Argus]</c></value>
    public string SubjectPrefix { get; init; } = "[Argus]";

    /// <summary>The password to use: <see cref="Password"/>, else the value of <see cref="PasswordEnv"/>, else null.</summary>
    public string? ResolvePassword() => Password ?? (PasswordEnv is { } name ? Environment.GetEnvironmentVariable(name) : null);
}
