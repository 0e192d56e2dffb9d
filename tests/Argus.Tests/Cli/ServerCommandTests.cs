using Argus.Cli;

namespace Argus.Tests.Cli;

public sealed class ServerCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly CliSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Server_PortZero_PrintsUrlServesHealthAndExitsZeroOnCancel()
    {
        using var stdout = new LineWaitingWriter();
        using var stderr = new StringWriter();
        using var stop = new CancellationTokenSource();
        var server = Task.Run(() => ArgusCli.RunAsync(
            ["server", "--port", "0", "--backend-store-uri", _sandbox.TrackingUri, "--artifacts-destination", Path.Combine(_sandbox.Directory, "artifacts")],
            stdout, stderr, stop.Token));

        var printed = stdout.WaitForLineAsync(static l => l.StartsWith("Argus tracking server: ", StringComparison.Ordinal));
        var first = await Task.WhenAny(printed, server).WaitAsync(Timeout);
        Assert.True(first == printed, $"The server exited before printing its URL: {stderr}");
        var line = await printed;
        Assert.Matches(@"^Argus tracking server: http://127\.0\.0\.1:\d+$", line);
        var url = new Uri(line["Argus tracking server: ".Length..]);
        Assert.NotEqual(0, url.Port);

        using var http = new HttpClient { BaseAddress = url, Timeout = Timeout };
        Assert.Equal("OK", await http.GetStringAsync(new Uri("/health", UriKind.Relative)));

        await stop.CancelAsync();
        var exitCode = await server.WaitAsync(Timeout);

        Assert.Equal(0, exitCode);
        Assert.Equal([line], stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", stderr.ToString());
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(new Uri("/health", UriKind.Relative)));
    }

    [Fact]
    public async Task Server_HttpBackendStore_ExitsOneWithMessage()
    {
        var result = await CliSandbox.RunAsync("server", "--port", "0", "--backend-store-uri", "http://127.0.0.1:5000");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("must be a database", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_PortOutOfRange_IsUsageError()
    {
        var result = await CliSandbox.RunAsync("server", "--port", "70000");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--port must be between 0 and 65535", result.Stderr, StringComparison.Ordinal);
    }
}
