using System.Net;
using System.Net.Sockets;
using System.Text;
using Argus.Core.Errors;
using Argus.Server.Hosting;

namespace Argus.Tests.Server.Hosting;

/// <summary>
/// Kestrel's limits as <see cref="HttpLimits"/> sets them, seen from raw sockets on loopback against a server whose
/// timeouts are short: a client dribbling its headers or its body is cut off, an idle keep-alive connection is
/// closed, and an oversize request head is refused. The waits are bounded by the limit under test; the generous caps
/// only stop a broken server from hanging the test.
/// </summary>
public sealed class HttpLimitsTests : IAsyncLifetime
{
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(60);

    private static readonly HttpLimits Short = new()
    {
        RequestHeadersTimeout = TimeSpan.FromSeconds(1),
        KeepAliveTimeout = TimeSpan.FromSeconds(1),
        MinDataRateGracePeriod = TimeSpan.FromSeconds(2),
        MaxRequestLineBytes = 1024,
        MaxRequestHeadersBytes = 4096,
    };

    private ServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync(o => o with { HttpLimits = Short });

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public void Validate_InvalidLimits_NamesEveryProblemAtOnce()
    {
        var limits = new HttpLimits { RequestHeadersTimeout = TimeSpan.Zero, MaxRequestHeaderCount = 0, MinRequestBodyBytesPerSecond = double.NaN, MinDataRateGracePeriod = TimeSpan.FromSeconds(1) };

        var e = Assert.Throws<ArgusException>(limits.Validate);

        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        foreach (var name in new[] { "RequestHeadersTimeout", "MaxRequestHeaderCount", "MinRequestBodyBytesPerSecond", "MinDataRateGracePeriod" })
        {
            Assert.Contains(name, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Defaults_AreValid() => new HttpLimits().Validate();

    [Fact]
    public async Task HeadersDribbled_ConnectionIsCutOffBeforeTheyEnd()
    {
        using var client = await ConnectAsync();
        var stream = client.GetStream();
        await stream.WriteAsync("GET /health HTTP/1.1\r\nHost: localhost\r\n"u8.ToArray());

        // One header byte every 100 ms: the head would never end; the server must end the connection.
        var (reply, sent) = await DribbleUntilClosedAsync(stream, Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("X-Slow: 1\r\n", 1000))));

        Assert.True(sent < 1000 * 11, "The server kept reading a request head that never ended.");
        Assert.True(reply.Length == 0 || Status(reply) == HttpStatusCode.RequestTimeout, $"Expected nothing or 408, got: {Encoding.ASCII.GetString(reply)}");
    }

    [Fact]
    public async Task BodyDribbled_408AndTheConnectionIsClosed()
    {
        using var client = await ConnectAsync();
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /api/2.0/mlflow/runs/log-batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"));

        // 10 bytes a second, far below the 240 required once the 2-second grace period is over.
        var (reply, sent) = await DribbleUntilClosedAsync(stream, Encoding.ASCII.GetBytes(new string(' ', 99_999)));

        Assert.True(sent < 99_999, "The server kept reading a body that arrived at 10 bytes a second.");
        Assert.Equal(HttpStatusCode.RequestTimeout, Status(reply));
        Assert.Contains("\"error_code\":\"REQUEST_TIMEOUT\"", Encoding.UTF8.GetString(reply), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdleKeepAliveConnection_IsClosedByTheServer()
    {
        using var client = await ConnectAsync();
        var stream = client.GetStream();
        await stream.WriteAsync("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray());

        // The reply, then nothing more: the server closes the idle connection after its keep-alive timeout.
        using var cap = new CancellationTokenSource(Cap);
        var reply = await ReadToEndAsync(stream, cap.Token);

        Assert.False(cap.IsCancellationRequested, "The server kept an idle connection open.");
        Assert.Equal(HttpStatusCode.OK, Status(reply));
        Assert.Contains("\r\nOK\r\n", Encoding.ASCII.GetString(reply), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeadersOverTheSizeLimit_431()
    {
        var reply = await SendHeadAsync($"GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: {new string('a', 5000)}\r\n\r\n");

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, Status(reply));
    }

    [Fact]
    public async Task RequestLineOverTheLimit_414()
    {
        var reply = await SendHeadAsync($"GET /health?q={new string('a', 2000)} HTTP/1.1\r\nHost: localhost\r\n\r\n");

        Assert.Equal(HttpStatusCode.RequestUriTooLong, Status(reply));
    }

    [Fact]
    public async Task HeadersWithinTheLimits_Answered()
    {
        var reply = await SendHeadAsync($"GET /health HTTP/1.1\r\nHost: localhost\r\nX-Fine: {new string('a', 1000)}\r\nConnection: close\r\n\r\n");

        Assert.Equal(HttpStatusCode.OK, Status(reply));
    }

    private async Task<TcpClient> ConnectAsync()
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, _server.BaseAddress.Port);
        return client;
    }

    private async Task<byte[]> SendHeadAsync(string head)
    {
        using var client = await ConnectAsync();
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var cap = new CancellationTokenSource(Cap);
        return await ReadToEndAsync(stream, cap.Token);
    }

    // Sends one byte every 100 ms until the server ends the connection (or the cap passes); returns what it answered and
    // how many bytes went out.
    private static async Task<(byte[] Reply, int Sent)> DribbleUntilClosedAsync(NetworkStream stream, byte[] bytes)
    {
        using var cap = new CancellationTokenSource(Cap);
        var reading = ReadToEndAsync(stream, cap.Token);
        var sent = 0;
        try
        {
            while (sent < bytes.Length && !reading.IsCompleted)
            {
                await stream.WriteAsync(bytes.AsMemory(sent, 1), cap.Token);
                sent++;
                await Task.WhenAny(reading, Task.Delay(100, cap.Token));
            }
        }
        catch (IOException)
        {
            // The server closed the connection while we were writing.
        }

        var reply = await reading;
        Assert.False(cap.IsCancellationRequested, "The server did not end the connection.");
        return (reply, sent);
    }

    private static async Task<byte[]> ReadToEndAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        using var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset after the reply ends the connection too.
        }
        catch (OperationCanceledException)
        {
            // The cap: the caller asserts on it.
        }

        return received.ToArray();
    }

    private static HttpStatusCode Status(byte[] reply)
    {
        var head = Encoding.ASCII.GetString(reply);
        Assert.StartsWith("HTTP/1.1 ", head, StringComparison.Ordinal);
        return (HttpStatusCode)int.Parse(head.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
    }
}
