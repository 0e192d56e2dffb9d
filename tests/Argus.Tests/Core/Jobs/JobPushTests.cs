using Argus.Core.Errors;
using Argus.Core.Jobs;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Jobs;

/// <summary>Batch-job metrics pushed to a real Pushgateway (Debian's prometheus-pushgateway) on loopback.</summary>
public sealed class JobPushTests : IAsyncLifetime
{
    private PrometheusDaemon _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await PrometheusDaemon.StartAsync("prometheus-pushgateway", (port, _) => [$"--web.listen-address=127.0.0.1:{port}"]);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private async Task<string> GatewayMetricsAsync()
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(_gateway.BaseAddress, "/metrics"));
    }

    private static Func<string, Task> Collect(List<string> warnings) => line =>
    {
        warnings.Add(line);
        return Task.CompletedTask;
    };

    [Fact]
    public async Task RunAsync_Success_ReplacesTheGroup()
    {
        var job = $"train-{Guid.NewGuid():N}";
        var push = new JobPushOptions(_gateway.BaseAddress, "host-a");
        using var http = new HttpClient();
        await new Pushgateway(http, _gateway.BaseAddress).ReplaceAsync(job, "host-a", "argus_job_last_failure_timestamp_seconds 1.7e+09\n");
        var warnings = new List<string>();
        Assert.Equal(7, await JobPush.RunAsync(job, push, () => Task.FromResult(7), Collect(warnings), TimeProvider.System));
        var metrics = await GatewayMetricsAsync();
        Assert.Contains($"argus_job_last_success_timestamp_seconds{{instance=\"host-a\",job=\"{job}\"}}", metrics, StringComparison.Ordinal);
        Assert.Contains($"argus_job_runs_total{{instance=\"host-a\",job=\"{job}\",outcome=\"success\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"argus_job_duration_seconds{{instance=\"host-a\",job=\"{job}\"}}", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain($"argus_job_last_failure_timestamp_seconds{{instance=\"host-a\",job=\"{job}\"}}", metrics, StringComparison.Ordinal); // PUT dropped it
        Assert.Empty(warnings);
    }

    [Fact]
    public async Task RunAsync_Failure_KeepsTheLastSuccessAnEarlierRunPushed()
    {
        // An earlier process pushed a success; this one (which never saw the job succeed) fails.
        var job = $"tune-{Guid.NewGuid():N}";
        using var http = new HttpClient();
        await new Pushgateway(http, _gateway.BaseAddress).ReplaceAsync(job, "h",
            "# TYPE argus_job_last_success_timestamp_seconds gauge\nargus_job_last_success_timestamp_seconds{job=\"x\"} 1.7e+09\n");
        var warnings = new List<string>();
        var error = await Assert.ThrowsAsync<ArgusException>(() =>
            JobPush.RunAsync<int>(job, new JobPushOptions(_gateway.BaseAddress, "h"), () => throw ArgusException.InvalidParameter("broken data"), Collect(warnings), TimeProvider.System));
        Assert.Equal("broken data", error.Message);
        var metrics = await GatewayMetricsAsync();
        Assert.Contains($"argus_job_last_success_timestamp_seconds{{instance=\"h\",job=\"{job}\"}} 1.7e+09", metrics, StringComparison.Ordinal);
        Assert.Contains($"argus_job_last_failure_timestamp_seconds{{instance=\"h\",job=\"{job}\"}}", metrics, StringComparison.Ordinal);
        Assert.Contains($"argus_job_failures_total{{instance=\"h\",job=\"{job}\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Empty(warnings);
    }

    [Fact]
    public async Task RunAsync_ExitCodeSaysFailure_PushedAsFailure()
    {
        var job = $"monitor-{Guid.NewGuid():N}";
        var warnings = new List<string>();
        await JobPush.RunAsync(job, new JobPushOptions(_gateway.BaseAddress, "h"), () => Task.FromResult(1), Collect(warnings), TimeProvider.System, succeeded: code => code == 0);
        Assert.Contains($"argus_job_runs_total{{instance=\"h\",job=\"{job}\",outcome=\"failure\"}} 1", await GatewayMetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_JobNameWithSlashAndEmptyInstance_KeptVerbatim()
    {
        var job = $"pipeline/retrain-{Guid.NewGuid():N}";
        await JobPush.RunAsync(job, new JobPushOptions(_gateway.BaseAddress, ""), () => Task.FromResult(0), Collect([]), TimeProvider.System);
        Assert.Contains($"argus_job_last_success_timestamp_seconds{{instance=\"\",job=\"{job}\"}}", await GatewayMetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PushgatewayDown_WarnsAndKeepsTheJobsOutcome()
    {
        var closed = LoopbackPorts.Free();

        var warnings = new List<string>();
        var result = await JobPush.RunAsync("train", new JobPushOptions(new Uri($"http://127.0.0.1:{closed}"), "h"), () => Task.FromResult(0), Collect(warnings), TimeProvider.System);
        Assert.Equal(0, result);
        var warning = Assert.Single(warnings);
        Assert.StartsWith("warning: the job's metrics were not pushed: Pushgateway http://127.0.0.1:", warning, StringComparison.Ordinal);
        Assert.Contains("unreachable", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pushgateway_RejectedBody_ThrowsWithItsAnswer()
    {
        using var http = new HttpClient();
        var gateway = new Pushgateway(http, _gateway.BaseAddress);
        var error = await Assert.ThrowsAsync<ArgusException>(() => gateway.ReplaceAsync("bad", "h", "not a metric line {\n"));
        Assert.Contains("HTTP 400", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "=")]
    [InlineData("/var/tmp", "L3Zhci90bXA")]
    [InlineData("a?b", "YT9i")]
    [InlineData("ü", "w7w")]
    public void Base64Url_AsThePushgatewayReadsIt(string value, string encoded) => Assert.Equal(encoded, Pushgateway.Base64Url(value));

    [Theory]
    [InlineData("ftp://x")]
    [InlineData("not a url")]
    public void Options_BadUrl_Rejected(string url) => Assert.Throws<ArgusException>(() => JobPushOptions.From(url));
}
