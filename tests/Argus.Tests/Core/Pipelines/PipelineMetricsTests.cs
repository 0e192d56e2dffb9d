using Argus.Core.Pipelines;
using Argus.Core.Telemetry;
using Argus.Tests.Core.Telemetry;

namespace Argus.Tests.Core.Pipelines;

/// <summary>The pipeline instruments as Prometheus sees them, through the real collector and exposition writer.</summary>
public sealed class PipelineMetricsTests : IDisposable
{
    private readonly MetricsCollector _collector = new(new MetricsCollectorOptions { MeterPrefixes = [PipelineMetrics.MeterName], ProcessMetrics = false });

    public PipelineMetricsTests() => _collector.Start();

    public void Dispose() => _collector.Dispose();

    [Fact]
    public async Task Render_RunsStepsAndAttempts_PrometheusNamesWithUnitsAndLabels()
    {
        var pipeline = $"metrics-{Guid.NewGuid():N}";
        PipelineMetrics.AttemptEnded(pipeline, "train", success: false);
        PipelineMetrics.AttemptEnded(pipeline, "train", success: true);
        PipelineMetrics.StepEnded(pipeline, "train", success: true, TimeSpan.FromSeconds(42));
        PipelineMetrics.RunEnded(pipeline, success: false, TimeSpan.FromMinutes(3), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        PipelineMetrics.RunEnded(pipeline, success: true, TimeSpan.FromMinutes(2), DateTimeOffset.FromUnixTimeSeconds(1_700_000_600));

        var text = TelemetryText.Render(_collector, ExpositionFormat.PrometheusText);

        Assert.Contains("# TYPE argus_pipeline_runs_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains($"argus_pipeline_runs_total{{outcome=\"success\",pipeline=\"{pipeline}\"}} 1\n", text, StringComparison.Ordinal);
        Assert.Contains($"argus_pipeline_runs_total{{outcome=\"failure\",pipeline=\"{pipeline}\"}} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE argus_pipeline_run_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains($"argus_pipeline_run_duration_seconds_bucket{{outcome=\"success\",pipeline=\"{pipeline}\",le=\"120\"}} 1\n", text, StringComparison.Ordinal);
        Assert.Contains($"argus_pipeline_run_duration_seconds_sum{{outcome=\"failure\",pipeline=\"{pipeline}\"}} 180\n", text, StringComparison.Ordinal);
        Assert.Contains($"argus_pipeline_step_duration_seconds_count{{outcome=\"success\",pipeline=\"{pipeline}\",step=\"train\"}} 1\n", text, StringComparison.Ordinal);
        Assert.Contains($"argus_pipeline_step_attempts_total{{outcome=\"failure\",pipeline=\"{pipeline}\",step=\"train\"}} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE argus_pipeline_last_success_timestamp_seconds gauge\n", text, StringComparison.Ordinal);
        Assert.Contains($"argus_pipeline_last_success_timestamp_seconds{{pipeline=\"{pipeline}\"}} 1.7000006e+09\n", text, StringComparison.Ordinal);
        Assert.Contains($"argus_pipeline_last_failure_timestamp_seconds{{pipeline=\"{pipeline}\"}} 1.7e+09\n", text, StringComparison.Ordinal);
        var (exitCode, output) = await TelemetryText.CheckAsync(text);
        Assert.True(exitCode == 0, output);
    }
}
