using System.Text.Json;
using Argus.Tests.Core.Monitoring.Reports;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Cli;

public sealed class ReportCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new("argus-report-cli");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Report_JsonToStdoutAndHtmlToFile()
    {
        var (reference, current) = ReportData.Write(_directory.Path);
        var html = _directory.Combine("r.html");

        var result = await CliSandbox.RunAsync("report", "-r", reference, "-c", current, "--target", "tip", "--prediction", "prediction", "--preset", "quality,regression", "--html", html);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.True(json.RootElement.GetProperty("regression").GetProperty("rmse").GetDouble() > 0.29);
        Assert.StartsWith("<!DOCTYPE html>", await File.ReadAllTextAsync(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_FailingDefaults_ExitOne_PassingSuite_ExitZero()
    {
        var (reference, current) = ReportData.Write(_directory.Path);
        var suite = _directory.Combine("suite.json");
        await File.WriteAllTextAsync(suite, """{"tests": [{"metric": "regression.rmse", "condition": {"operator": "lt", "value": 1.0}}, {"metric": "quality.row_count", "condition": {"operator": "gte", "value": 50}}]}""");

        var failing = await CliSandbox.RunAsync("test", "-r", reference, "-c", current, "--target", "tip", "--prediction", "prediction", "--preset", "quality,regression");
        var passing = await CliSandbox.RunAsync("test", "-c", current, "--target", "tip", "--prediction", "prediction", "--preset", "regression", "--tests", suite);

        Assert.True(failing.ExitCode == 1, failing.ToString());
        Assert.Contains("FAILED:", failing.Stderr, StringComparison.Ordinal);
        Assert.True(passing.ExitCode == 0, passing.ToString());
        Assert.Contains("passed: 2 success", passing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_NoPreset_DriftAndQualityWithAReference_QualityWithout()
    {
        var (reference, current) = ReportData.Write(_directory.Path);

        var both = await CliSandbox.RunAsync("report", "-r", reference, "-c", current, "--target", "tip");
        var alone = await CliSandbox.RunAsync("report", "-c", current);

        Assert.True(both.ExitCode == 0, both.ToString());
        using (var json = JsonDocument.Parse(both.Stdout))
        {
            Assert.Equal(["drift", "quality"], json.RootElement.GetProperty("presets").EnumerateArray().Select(p => p.GetString()));
            Assert.True(json.RootElement.TryGetProperty("drift", out _));
        }

        Assert.True(alone.ExitCode == 0, alone.ToString());
        using (var json = JsonDocument.Parse(alone.Stdout))
        {
            Assert.Equal(["quality"], json.RootElement.GetProperty("presets").EnumerateArray().Select(p => p.GetString()));
        }
    }

    [Fact]
    public async Task Report_UnknownPresetAndMissingFile_ClearErrors()
    {
        var (reference, _) = ReportData.Write(_directory.Path);

        var preset = await CliSandbox.RunAsync("report", "-c", reference, "--preset", "quality,vibes");
        var missing = await CliSandbox.RunAsync("report", "-c", _directory.Combine("nope.csv"));

        Assert.Equal(1, preset.ExitCode);
        Assert.Contains("Unknown preset(s) 'vibes'", preset.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("nope.csv", missing.Stderr, StringComparison.Ordinal);
    }
}
