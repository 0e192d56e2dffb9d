using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Argus.Core.Notifications;

/// <summary>
/// One SMTP session (RFC 5321) over a socket: greeting, EHLO, STARTTLS or implicit TLS, AUTH PLAIN or LOGIN, one
/// message, QUIT. Replies are checked at every step; a 4xx reply is a retryable failure, a 5xx one is not.
/// </summary>
internal sealed class SmtpConversation : IAsyncDisposable
{
    private readonly EmailChannelOptions _options;
    private readonly TcpClient _client = new();
    private Stream _stream = Stream.Null;
    private StreamReader? _reader;
    private HashSet<string> _capabilities = new(StringComparer.OrdinalIgnoreCase);

    public SmtpConversation(EmailChannelOptions options)
    {
        _options = options;
    }

    /// <summary>Connects, secures and authenticates as the options say.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        await _client.ConnectAsync(_options.Host, _options.EffectivePort, cancellationToken).ConfigureAwait(false);
        _stream = _client.GetStream();
        if (_options.Security == SmtpSecurity.Tls)
        {
            await StartTlsAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            SetReader();
        }

        await ExpectAsync(220, "greeting", cancellationToken).ConfigureAwait(false);
        await HelloAsync(cancellationToken).ConfigureAwait(false);
        if (_options.Security == SmtpSecurity.StartTls)
        {
            if (!_capabilities.Contains("STARTTLS"))
            {
                throw new ChannelFailure($"{_options.Host} does not offer STARTTLS; set security: tls or none.", retryable: false);
            }

            await CommandAsync("STARTTLS", 220, cancellationToken).ConfigureAwait(false);
            await StartTlsAsync(cancellationToken).ConfigureAwait(false);
            await HelloAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_options.Username is { } user)
        {
            await AuthenticateAsync(user, _options.ResolvePassword() ?? string.Empty, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one message (already a complete RFC 5322 text with CRLF line ends) to every recipient.</summary>
    public async Task SendAsync(string from, IReadOnlyList<string> to, string message, CancellationToken cancellationToken)
    {
        await CommandAsync($"MAIL FROM:<{from}>", 250, cancellationToken).ConfigureAwait(false);
        foreach (var recipient in to)
        {
            await CommandAsync($"RCPT TO:<{recipient}>", 250, cancellationToken, alsoAccept: 251).ConfigureAwait(false);
        }

        await CommandAsync("DATA", 354, cancellationToken).ConfigureAwait(false);
        await WriteAsync(DotStuff(message) + "\r\n.\r\n", cancellationToken).ConfigureAwait(false);
        await ExpectAsync(250, "message", cancellationToken).ConfigureAwait(false);
        await CommandAsync("QUIT", 221, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
    }

    // RFC 5321 4.5.2: a line that starts with a period gets one more.
    private static string DotStuff(string message) =>
        (message.StartsWith('.') ? "." + message : message).Replace("\r\n.", "\r\n..", StringComparison.Ordinal);

    private void SetReader() => _reader = new StreamReader(_stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, bufferSize: 1024, leaveOpen: true);

    private async Task StartTlsAsync(CancellationToken cancellationToken)
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false, ValidateCertificate);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = _options.Host }, cancellationToken).ConfigureAwait(false);
        _stream = ssl;
        SetReader();
    }

    private bool ValidateCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // A private CA: the chain must end at it, and the name must still match.
        if (_options.CaCertificate is not { } caPath || certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(caPath);
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(authorities);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = new X509Certificate2(certificate);
            return custom.Build(leaf);
        }
        finally
        {
            foreach (var authority in authorities)
            {
                authority.Dispose();
            }
        }
    }

    private async Task HelloAsync(CancellationToken cancellationToken)
    {
        var lines = await CommandAsync("EHLO argus", 250, cancellationToken).ConfigureAwait(false);
        _capabilities = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            foreach (var word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                _capabilities.Add(word);
            }
        }
    }

    private async Task AuthenticateAsync(string user, string password, CancellationToken cancellationToken)
    {
        if (_capabilities.Contains("PLAIN"))
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));
            await CommandAsync($"AUTH PLAIN {token}", 235, cancellationToken, redacted: "AUTH PLAIN ***").ConfigureAwait(false);
        }
        else if (_capabilities.Contains("LOGIN"))
        {
            await CommandAsync("AUTH LOGIN", 334, cancellationToken).ConfigureAwait(false);
            await CommandAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(user)), 334, cancellationToken, redacted: "(user name)").ConfigureAwait(false);
            await CommandAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(password)), 235, cancellationToken, redacted: "(password)").ConfigureAwait(false);
        }
        else
        {
            throw new ChannelFailure($"{_options.Host} offers neither AUTH PLAIN nor AUTH LOGIN.", retryable: false);
        }
    }

    private async Task<List<string>> CommandAsync(string command, int expected, CancellationToken cancellationToken, int alsoAccept = 0, string? redacted = null)
    {
        await WriteAsync(command + "\r\n", cancellationToken).ConfigureAwait(false);
        return await ExpectAsync(expected, redacted ?? command, cancellationToken, alsoAccept).ConfigureAwait(false);
    }

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    // Reads one reply (its continuation lines "250-..." up to the last "250 ...") and checks its code.
    private async Task<List<string>> ExpectAsync(int expected, string step, CancellationToken cancellationToken, int alsoAccept = 0)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await _reader!.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new ChannelFailure($"{_options.Host} closed the connection after {step}.", retryable: true);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out var code))
            {
                throw new ChannelFailure($"{_options.Host} answered {step} with something that is not SMTP: '{Truncate(line)}'.", retryable: false);
            }

            lines.Add(line.Length > 4 ? line[4..] : string.Empty);
            if (line.Length > 3 && line[3] == '-')
            {
                continue;
            }

            if (code != expected && code != alsoAccept)
            {
                throw new ChannelFailure($"{_options.Host} answered {step} with {Truncate(line)}", retryable: code is >= 400 and < 500);
            }

            return lines;
        }
    }

    private static string Truncate(string line) => line.Length <= 200 ? line : line[..200] + "…";
}
