using System.Diagnostics;
using System.Text;

namespace Argus.Tests.Infrastructure;

/// <summary>
/// One of the Prometheus project's daemons from its Debian package (<c>prometheus-pushgateway</c>, <c>prometheus</c>,
/// <c>prometheus-alertmanager</c>) started on a free 127.0.0.1 port with its own temporary folder, ready once its
/// <c>/-/ready</c> answers 200, and stopped by its PID. A missing binary fails the test: scripts/setup.sh installs them.
/// </summary>
public sealed class PrometheusDaemon : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private PrometheusDaemon(Process process, int port, TempDirectory folder)
    {
        _process = process;
        Port = port;
        Folder = folder;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public TempDirectory Folder { get; }

    /// <summary>What the daemon wrote to stdout and stderr so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="binary"/> with <paramref name="arguments"/> built from its port and folder.</summary>
    public static async Task<PrometheusDaemon> StartAsync(string binary, Func<int, string, IEnumerable<string>> arguments, TimeSpan? readyWithin = null)
    {
        var path = Path.Combine("/usr/bin", binary);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: run scripts/setup.sh, which installs the Debian package that provides it.");
        }

        var folder = new TempDirectory();
        var port = LoopbackPorts.Free();
        var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder.Path };
        foreach (var argument in arguments(port, folder.Path))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {path}.");
        var daemon = new PrometheusDaemon(process, port, folder);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await daemon.WaitReadyAsync(readyWithin ?? TimeSpan.FromSeconds(60));
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }

        return daemon;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Folder.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    // Polls /-/ready: the daemon gives no other signal that it listens.
    private async Task WaitReadyAsync(TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_process.StartInfo.FileName} exited with code {_process.ExitCode}: {Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/-/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{_process.StartInfo.FileName} was not ready within {within}: {Log}");
    }

}
