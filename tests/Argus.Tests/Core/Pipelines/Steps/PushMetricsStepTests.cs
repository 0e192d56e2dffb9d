using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Jobs;
using Argus.Core.Monitoring.Reports;
using Argus.Core.Monitoring.Windows;
using Argus.Core.Pipelines.Steps;
using Argus.Tests.Core.Data;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Pipelines.Steps;

/// <summary>The push-metrics kind against a real Pushgateway (Debian's prometheus-pushgateway) on loopback.</summary>
public sealed class PushMetricsStepTests : IAsyncLifetime
{
    private PrometheusDaemon _gateway = null!;
    private StepHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _gateway = await PrometheusDaemon.StartAsync("prometheus-pushgateway", (port, _) => [$"--web.listen-address=127.0.0.1:{port}"]);
        _harness = await StepHarness.StartAsync("argus-push-step");
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    private async Task<string> GatewayMetricsAsync()
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(_gateway.BaseAddress, "/metrics"));
    }

    [Fact]
    public async Task RunAsync_AfterAMonitoredWindowAndAJob_PushesBoth_KeepingWhatTheGroupHad()
    {
        var job = $"nightly-{Guid.NewGuid():N}";
        var model = $"tips-{Guid.NewGuid():N}";
        var tips = TableLoader.Load(DataFixtures.TipsPath, new ColumnMapping { Target = "tip" });
        MonitoringMetrics.Record(model, "4", tips.RowCount, MonitoringReports.Compute(new ReportRequest { Reference = tips, Current = tips, Presets = [ReportPreset.Drift] }));
        JobMetrics.Completed(job, TimeSpan.FromSeconds(12), success: true, new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        using (var http = new HttpClient())
        {
            await new Pushgateway(http, _gateway.BaseAddress).ReplaceAsync(job, "host-a", "argus_earlier_metric 7\n");
        }

        var outputs = await new PushMetricsStep().RunAsync(
            _harness.Context("push", StepHarness.Settings(("pushgateway", _gateway.BaseAddress.AbsoluteUri), ("job", job), ("instance", "host-a"))), CancellationToken.None);

        Assert.Equal("true", outputs["pushed"]);
        var metrics = await GatewayMetricsAsync();
        Assert.Contains($"argus_monitoring_dataset_drift{{instance=\"host-a\",job=\"{job}\",model=\"{model}\"}} 0", metrics, StringComparison.Ordinal);
        Assert.Contains($"argus_job_last_success_timestamp_seconds{{instance=\"host-a\",job=\"{job}\"}} 1.795428e+09", metrics, StringComparison.Ordinal);
        Assert.Contains($"argus_job_duration_seconds{{instance=\"host-a\",job=\"{job}\"}} 12", metrics, StringComparison.Ordinal);
        Assert.Contains($"argus_earlier_metric{{instance=\"host-a\",job=\"{job}\"}} 7", metrics, StringComparison.Ordinal); // an update, not a replacement
        Assert.Contains($"as job '{job}', instance 'host-a'", _harness.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoJobSetting_PushesUnderThePipelinesName()
    {
        await new PushMetricsStep().RunAsync(
            _harness.Context("push", StepHarness.Settings(("pushgateway", _gateway.BaseAddress.AbsoluteUri), ("instance", "host-b"))), CancellationToken.None);

        Assert.Contains("push_time_seconds{instance=\"host-b\",job=\"nightly\"}", await GatewayMetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PushgatewayDown_FailsTheAttempt()
    {
        var closed = LoopbackPorts.Free();

        var error = await Assert.ThrowsAsync<ArgusException>(() => new PushMetricsStep().RunAsync(
            _harness.Context("push", StepHarness.Settings(("pushgateway", $"http://127.0.0.1:{closed}"))), CancellationToken.None));

        Assert.Equal(ErrorCode.TemporarilyUnavailable, error.Code);
        Assert.StartsWith($"Step 'push': Pushgateway http://127.0.0.1:{closed}/ is unreachable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoUrlAnywhere_SaysToGiveOne()
    {
        Assert.Null(Environment.GetEnvironmentVariable(JobPushOptions.EnvironmentVariable)); // the test's premise

        var error = await Assert.ThrowsAsync<ArgusException>(() => new PushMetricsStep().RunAsync(_harness.Context("push", StepHarness.Settings()), CancellationToken.None));

        Assert.Equal("Step 'push': setting 'pushgateway': is required when ARGUS_PUSHGATEWAY_URL is not set.", error.Message);
    }

    [Fact]
    public async Task RunAsync_NotAnHttpUrl_ErrorNamesTheSetting()
    {
        var error = await Assert.ThrowsAsync<ArgusException>(() => new PushMetricsStep().RunAsync(
            _harness.Context("push", StepHarness.Settings(("pushgateway", "ftp://gateway"))), CancellationToken.None));

        Assert.Equal("Step 'push': setting 'pushgateway': Pushgateway URL 'ftp://gateway' must be an absolute http or https URL.", error.Message);
    }
}
