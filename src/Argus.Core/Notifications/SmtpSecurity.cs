namespace Argus.Core.Notifications;

/// <summary>How an email channel protects its SMTP connection.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text (a relay on localhost, a test sink).</summary>
    None,

    /// <summary>Connect in plain text, then upgrade with STARTTLS, and fail if the server cannot (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, port 465).</summary>
    Tls,
}
