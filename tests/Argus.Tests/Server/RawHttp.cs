using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Argus.Tests.Server;

/// <summary>
/// Sends one HTTP/1.0 request over a plain socket with the request target exactly as given.
/// <see cref="HttpClient"/> (through <see cref="Uri"/>) removes <c>..</c> segments before sending,
/// so a path-traversal test needs this to put a literal <c>..</c> on the wire.
/// </summary>
internal static class RawHttp
{
    public static async Task<WireReply> SendAsync(Uri server, string method, string target, byte[]? body = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host == "localhost" ? IPAddress.Loopback.ToString() : server.Host, server.Port);
        await using var stream = client.GetStream();
        var head = new StringBuilder()
            .Append(method).Append(' ').Append(target).Append(" HTTP/1.0\r\n")
            .Append("Host: ").Append(server.Authority).Append("\r\n")
            .Append("Connection: close\r\n");
        if (body is not null)
        {
            head.Append("Content-Type: application/octet-stream\r\n")
                .Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        if (body is not null)
        {
            await stream.WriteAsync(body);
        }

        using var received = new MemoryStream();
        await stream.CopyToAsync(received);
        return Parse(received.ToArray());
    }

    private static WireReply Parse(byte[] raw)
    {
        var separator = "\r\n\r\n"u8;
        var end = raw.AsSpan().IndexOf(separator);
        Assert.True(end > 0, "The server sent no complete HTTP head.");
        var lines = Encoding.ASCII.GetString(raw, 0, end).Split("\r\n");
        var status = (HttpStatusCode)int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        string? contentType = null;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = line[(colon + 1)..].Split(';')[0].Trim();
            }
        }

        return new WireReply(status, contentType, raw[(end + separator.Length)..]);
    }
}
