using System.Diagnostics;

namespace Argus.Tests.Infrastructure;

/// <summary>
/// The real <c>argus</c> executable running <c>argus server</c> in a child process on a free
/// loopback port. Stopped (or killed) by its PID when disposed.
/// </summary>
public sealed class ArgusProcess : IAsyncDisposable
{
    private const string UrlPrefix = "Argus tracking server: ";

    private readonly Process _process;

    private ArgusProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int Pid => _process.Id;

    /// <summary>Starts <c>argus server</c>; <paramref name="extraArguments"/> and <paramref name="environment"/> are added to the child's.</summary>
    public static async Task<ArgusProcess> StartServerAsync(
        string backendStoreUri, string artifactsDestination, IEnumerable<string>? extraArguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "argus.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "server", "--host", "127.0.0.1", "--port", "0", "--backend-store-uri", backendStoreUri, "--artifacts-destination", artifactsDestination })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var arg in extraArguments ?? [])
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start argus");
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(cts.Token)
                    ?? throw new InvalidOperationException($"argus server exited ({(process.HasExited ? process.ExitCode : -1)}) before printing its URL");
                if (line.StartsWith(UrlPrefix, StringComparison.Ordinal))
                {
                    return new ArgusProcess(process, new Uri(line[UrlPrefix.Length..].Trim()));
                }
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a machine or container dies.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }
}
