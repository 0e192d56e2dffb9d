using System.Diagnostics;
using System.Text;
using Argus.Core.Inference;
using Argus.Core.Telemetry;

namespace Argus.Tests.Core.Telemetry;

/// <summary>Renders a collector to text, checking the byte rules every exposition must keep, and runs promtool.</summary>
internal static class TelemetryText
{
    public const string Promtool = "/usr/bin/promtool";

    public static string Render(MetricsCollector collector, ExpositionFormat format)
    {
        using var buffer = new ByteBuffer(16);
        collector.Render(format, buffer);
        var bytes = buffer.WrittenSpan;
        Assert.False(bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]), "no BOM");
        Assert.True(bytes.IndexOf((byte)'\r') < 0, "no CR");
        Assert.True(bytes.IsEmpty || bytes[^1] == (byte)'\n', "ends with LF");
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
    }

    /// <summary>Pipes <paramref name="exposition"/> into <c>promtool check metrics</c>; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> CheckAsync(string exposition)
    {
        Assert.True(File.Exists(Promtool), $"{Promtool} is missing: apt-get install prometheus");
        var info = new ProcessStartInfo(Promtool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("check");
        info.ArgumentList.Add("metrics");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("promtool did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(new UTF8Encoding(false).GetBytes(exposition));
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
