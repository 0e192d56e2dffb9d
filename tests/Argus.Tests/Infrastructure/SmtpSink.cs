using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Argus.Tests.Infrastructure;

/// <summary>
/// A local SMTP server on 127.0.0.1 for tests: speaks EHLO, STARTTLS or implicit TLS, AUTH PLAIN/LOGIN, MAIL, RCPT,
/// DATA and QUIT, and keeps each message it accepts. It can refuse the first messages with a 4xx reply.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _refusalsLeft;

    public SmtpSink(X509Certificate2? certificate = null, bool implicitTls = false, (string User, string Password)? credentials = null, int refuseFirst = 0, bool offerStartTls = true)
    {
        Certificate = certificate;
        ImplicitTls = implicitTls;
        Credentials = credentials;
        OfferStartTls = offerStartTls && certificate is not null && !implicitTls;
        _refusalsLeft = refuseFirst;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public X509Certificate2? Certificate { get; }

    public bool ImplicitTls { get; }

    public bool OfferStartTls { get; }

    public (string User, string Password)? Credentials { get; }

    /// <summary>Messages accepted, in order.</summary>
    public ConcurrentQueue<SmtpMessage> Messages { get; } = new();

    /// <summary>Completes with each accepted message.</summary>
    public SemaphoreSlim Received { get; } = new(0);

    /// <summary>Connections made, accepted or not.</summary>
    public int Connections;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref Connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            Stream stream = client.GetStream();
            var secure = false;
            if (ImplicitTls)
            {
                stream = await SecureAsync(stream);
                secure = true;
            }

            var (reader, writer) = Wrap(stream);
            await writer.WriteAsync("220 sink ESMTP\r\n");
            var authenticated = Credentials is null;
            string? from = null;
            var to = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        var capabilities = new List<string> { "sink" };
                        if (OfferStartTls && !secure)
                        {
                            capabilities.Add("STARTTLS");
                        }

                        if (Credentials is not null)
                        {
                            capabilities.Add("AUTH PLAIN LOGIN");
                        }

                        for (var i = 0; i < capabilities.Count; i++)
                        {
                            await writer.WriteAsync($"250{(i < capabilities.Count - 1 ? '-' : ' ')}{capabilities[i]}\r\n");
                        }

                        break;
                    case "STARTTLS":
                        await writer.WriteAsync("220 go ahead\r\n");
                        stream = await SecureAsync(stream);
                        secure = true;
                        (reader, writer) = Wrap(stream);
                        break;
                    case "AUTH":
                        var plain = line.Split(' ');
                        var decoded = plain.Length == 3 ? Encoding.UTF8.GetString(Convert.FromBase64String(plain[2])) : string.Empty;
                        var ok = Credentials is { } c && decoded == $"\0{c.User}\0{c.Password}";
                        authenticated = ok;
                        await writer.WriteAsync(ok ? "235 ok\r\n" : "535 bad credentials\r\n");
                        break;
                    case "MAIL":
                        if (!authenticated)
                        {
                            await writer.WriteAsync("530 authentication required\r\n");
                            break;
                        }

                        from = Between(line, '<', '>');
                        to.Clear();
                        await writer.WriteAsync("250 ok\r\n");
                        break;
                    case "RCPT":
                        to.Add(Between(line, '<', '>'));
                        await writer.WriteAsync("250 ok\r\n");
                        break;
                    case "DATA":
                        await writer.WriteAsync("354 end with .\r\n");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        }

                        if (Interlocked.Decrement(ref _refusalsLeft) >= 0)
                        {
                            await writer.WriteAsync("451 try again later\r\n");
                            break;
                        }

                        Messages.Enqueue(new SmtpMessage(from!, [.. to], data.ToString(), secure));
                        Received.Release();
                        await writer.WriteAsync("250 queued\r\n");
                        break;
                    case "QUIT":
                        await writer.WriteAsync("221 bye\r\n");
                        return;
                    default:
                        await writer.WriteAsync("502 unknown command\r\n");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            // The client went away or failed the handshake: the test sees that on its side.
        }
    }

    private async Task<Stream> SecureAsync(Stream stream)
    {
        var ssl = new SslStream(stream);
        await ssl.AuthenticateAsServerAsync(Certificate!);
        return ssl;
    }

    private static (StreamReader Reader, StreamWriter Writer) Wrap(Stream stream) =>
        (new StreamReader(stream, Encoding.UTF8, false, 1024, leaveOpen: true), new StreamWriter(stream, new UTF8Encoding(false), 1024, leaveOpen: true) { AutoFlush = true });

    private static string Between(string line, char open, char close)
    {
        var start = line.IndexOf(open, StringComparison.Ordinal) + 1;
        return line[start..line.IndexOf(close, start)];
    }
}

/// <summary>One message an <see cref="SmtpSink"/> accepted.</summary>
public sealed record SmtpMessage(string From, string[] To, string Data, bool OverTls)
{
    /// <summary>The header's value, or null.</summary>
    public string? Header(string name) => Data.Split("\r\n").TakeWhile(l => l.Length > 0)
        .Where(l => l.StartsWith(name + ": ", StringComparison.OrdinalIgnoreCase)).Select(l => l[(name.Length + 2)..]).FirstOrDefault();

    /// <summary>The body, base64-decoded when the message says it is base64.</summary>
    public string Body
    {
        get
        {
            var body = Data[(Data.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
            return Header("Content-Transfer-Encoding") == "base64"
                ? Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\r\n", string.Empty, StringComparison.Ordinal)))
                : body;
        }
    }
}
