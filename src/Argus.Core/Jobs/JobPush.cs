using System.Buffers;
using System.Text;
using Argus.Core.Errors;
using Argus.Core.Telemetry;

namespace Argus.Core.Jobs;

/// <summary>Where a batch job pushes its metrics: a Pushgateway and the instance label of the grouping key.</summary>
/// <param name="Pushgateway">The Pushgateway's base URL.</param>
/// <param name="Instance">The <c>instance</c> of the grouping key; the machine name by default.</param>
public sealed record JobPushOptions(Uri Pushgateway, string Instance)
{
    /// <summary>The environment variable read when no Pushgateway URL is given.</summary>
    public const string EnvironmentVariable = "ARGUS_PUSHGATEWAY_URL";

    /// <summary>Options from a URL (or, when null, <c>$ARGUS_PUSHGATEWAY_URL</c>); null when neither is set.</summary>
    public static JobPushOptions? From(string? url, string? instance = null)
    {
        url ??= Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw ArgusException.InvalidParameter($"Pushgateway URL '{url}' must be an absolute http or https URL.");
        }

        return new JobPushOptions(uri, instance ?? Environment.MachineName);
    }
}

/// <summary>
/// Runs a batch job (train, tune, monitor, a pipeline) and records how it ended in <see cref="JobMetrics"/>; with
/// <see cref="JobPushOptions"/>, pushes this run's job metrics (the <c>argus_job_*</c> families, without a <c>job</c>
/// label: the grouping key gives it) and the process's <c>Argus.Monitoring</c> and <c>Argus.Pipelines</c> metrics, which a process that exits would
/// otherwise take with it, to the Pushgateway under <c>job/&lt;job&gt;/instance/&lt;instance&gt;</c>.
/// A success replaces the group (PUT), so a stale failure time goes away; a failure updates only the metrics it has
/// (POST), so the last success time stays for the "job stale" alert. A push that fails is reported through
/// <c>warn</c> and never changes the job's outcome.
/// </summary>
public static class JobPush
{
    private static readonly string[] Meters = ["Argus.Monitoring", Pipelines.PipelineMetrics.MeterName];

    /// <summary>
    /// Runs <paramref name="work"/> as <paramref name="job"/>. It succeeds when it returns and
    /// <paramref name="succeeded"/> (when given) holds for the result; an exception is a failure and is rethrown after
    /// the push.
    /// </summary>
    public static async Task<T> RunAsync<T>(
        string job,
        JobPushOptions? push,
        Func<Task<T>> work,
        Func<string, Task> warn,
        TimeProvider time,
        Func<T, bool>? succeeded = null,
        HttpClient? http = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(warn);
        ArgumentNullException.ThrowIfNull(time);
        using var collector = push is null ? null : new MetricsCollector(new MetricsCollectorOptions { MeterPrefixes = Meters, ProcessMetrics = false });
        collector?.Start();
        var started = time.GetTimestamp();
        T result;
        try
        {
            result = await work().ConfigureAwait(false);
        }
        catch (Exception)
        {
            await EndAsync(job, push, collector, success: false, time, started, warn, http, cancellationToken).ConfigureAwait(false);
            throw;
        }

        await EndAsync(job, push, collector, succeeded?.Invoke(result) ?? true, time, started, warn, http, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Pushes, now, the process's <c>Argus.Monitoring</c> metrics (the latest window of every model monitored here) and <c>Argus.Pipelines</c> metrics and
    /// what this process last recorded for <paramref name="job"/> in <see cref="JobMetrics"/>, if anything, to the group
    /// <c>job/&lt;job&gt;/instance/&lt;instance&gt;</c>. It updates (POST), so metrics an earlier run pushed to the group
    /// and this push lacks — the last success time a "job stale" alert reads — stay.
    /// </summary>
    /// <exception cref="ArgusException">TEMPORARILY_UNAVAILABLE when the Pushgateway is unreachable or refuses the push.</exception>
    public static async Task PushAsync(string job, JobPushOptions push, HttpClient? http = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        ArgumentNullException.ThrowIfNull(push);
        using var collector = new MetricsCollector(new MetricsCollectorOptions { MeterPrefixes = Meters, ProcessMetrics = false });
        collector.Start();
        var buffer = new ArrayBufferWriter<byte>();
        if (JobMetrics.TryGetLast(job, out var last))
        {
            var writer = new ExpositionWriter(buffer, ExpositionFormat.PrometheusText);
            Write(writer, "argus_job_duration_seconds", "argus_job_duration_seconds", MetricType.Gauge, JobMetrics.DurationHelp, ""u8, last.Duration);
            if (last.LastSuccess is { } success)
            {
                Write(writer, "argus_job_last_success_timestamp_seconds", "argus_job_last_success_timestamp_seconds", MetricType.Gauge, JobMetrics.LastSuccessHelp, ""u8, success);
            }

            if (last.LastFailure is { } failure)
            {
                Write(writer, "argus_job_last_failure_timestamp_seconds", "argus_job_last_failure_timestamp_seconds", MetricType.Gauge, JobMetrics.LastFailureHelp, ""u8, failure);
            }
        }

        collector.Render(ExpositionFormat.PrometheusText, buffer);
        var body = Encoding.UTF8.GetString(buffer.WrittenSpan);
        var owned = http is null;
        http ??= new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await new Pushgateway(http, push.Pushgateway).UpdateAsync(job, push.Instance, body, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ArgusException(ErrorCode.TemporarilyUnavailable, $"Pushgateway {push.Pushgateway} did not answer: {e.Message}", e);
        }
        finally
        {
            if (owned)
            {
                http.Dispose();
            }
        }
    }

    private static async Task EndAsync(
        string job, JobPushOptions? push, MetricsCollector? collector, bool success, TimeProvider time, long started,
        Func<string, Task> warn, HttpClient? http, CancellationToken cancellationToken)
    {
        var duration = time.GetElapsedTime(started);
        var ended = time.GetUtcNow();
        JobMetrics.Completed(job, duration, success, ended);
        if (push is null || collector is null)
        {
            return;
        }

        var body = Body(success, duration, ended, collector);
        var owned = http is null;
        http ??= new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var gateway = new Pushgateway(http, push.Pushgateway);
            if (success)
            {
                await gateway.ReplaceAsync(job, push.Instance, body, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await gateway.UpdateAsync(job, push.Instance, body, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is ArgusException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await warn($"warning: the job's metrics were not pushed: {e.Message}").ConfigureAwait(false);
        }
        finally
        {
            if (owned)
            {
                http.Dispose();
            }
        }
    }

    // This run alone: its duration, its end as the last success or failure, and a count of one run.
    private static string Body(bool success, TimeSpan duration, DateTimeOffset ended, MetricsCollector monitoring)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new ExpositionWriter(buffer, ExpositionFormat.PrometheusText);
        var at = ended.ToUnixTimeMilliseconds() / 1000.0;
        Write(writer, "argus_job_duration_seconds", "argus_job_duration_seconds", MetricType.Gauge, JobMetrics.DurationHelp, ""u8, duration.TotalSeconds);
        if (success)
        {
            Write(writer, "argus_job_last_success_timestamp_seconds", "argus_job_last_success_timestamp_seconds", MetricType.Gauge, JobMetrics.LastSuccessHelp, ""u8, at);
        }
        else
        {
            Write(writer, "argus_job_last_failure_timestamp_seconds", "argus_job_last_failure_timestamp_seconds", MetricType.Gauge, JobMetrics.LastFailureHelp, ""u8, at);
            Write(writer, "argus_job_failures", "argus_job_failures_total", MetricType.Counter, JobMetrics.FailuresHelp, ""u8, 1);
        }

        Write(writer, "argus_job_runs", "argus_job_runs_total", MetricType.Counter, JobMetrics.RunsHelp,
            success ? "outcome=\"success\""u8 : "outcome=\"failure\""u8, 1);
        monitoring.Render(ExpositionFormat.PrometheusText, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(ExpositionWriter writer, string family, string sample, MetricType type, string help, ReadOnlySpan<byte> labels, double value)
    {
        var metadata = new ExpositionFamily(family, sample, type, null, help);
        writer.Family(metadata);
        writer.Sample(metadata.SampleName, labels, value);
    }
}
