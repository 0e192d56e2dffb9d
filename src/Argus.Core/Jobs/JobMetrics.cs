using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Argus.Core.Jobs;

/// <summary>
/// The batch-job instruments (meter <c>Argus.Jobs</c>) that training, tuning, monitoring and pipelines record when they
/// end, and push to a Pushgateway (<see cref="JobPush"/>): runs by outcome, failures, and per job the last run's
/// duration and the times of the last success and the last failure — the gauges a "job stale" or "job failed" alert
/// reads. Labels: <c>job</c> (a bounded set of job names) and <c>outcome</c>.
/// </summary>
public static class JobMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Argus.Jobs";

    internal const string RunsHelp = "Batch job runs that ended, by job and outcome (success or failure).";
    internal const string FailuresHelp = "Batch job runs that failed, by job.";
    internal const string DurationHelp = "How long the job's last run took, by job.";
    internal const string LastSuccessHelp = "When the job last succeeded, in Unix seconds, by job; a failed run leaves it unchanged.";
    internal const string LastFailureHelp = "When the job last failed, in Unix seconds, by job.";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<string, JobState> Jobs = new(StringComparer.Ordinal);

    private static readonly Counter<long> Runs = Meter.CreateCounter<long>(
        "argus.job.runs", "{run}", RunsHelp);

    private static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "argus.job.failures", "{run}", FailuresHelp);

    private static readonly ObservableGauge<double> Duration = Meter.CreateObservableGauge(
        "argus.job.duration", () => Observe(static s => s.Duration), "s", DurationHelp);

    private static readonly ObservableGauge<double> LastSuccess = Meter.CreateObservableGauge(
        "argus.job.last_success_timestamp", () => Observe(static s => s.LastSuccess), "s", LastSuccessHelp);

    private static readonly ObservableGauge<double> LastFailure = Meter.CreateObservableGauge(
        "argus.job.last_failure_timestamp", () => Observe(static s => s.LastFailure), "s", LastFailureHelp);

    /// <summary>Records a run of <paramref name="job"/> that ended at <paramref name="ended"/>.</summary>
    public static void Completed(string job, TimeSpan duration, bool success, DateTimeOffset ended)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        _ = (Duration, LastSuccess, LastFailure);
        var seconds = ended.ToUnixTimeMilliseconds() / 1000.0;
        Jobs.AddOrUpdate(job,
            _ => new JobState(duration.TotalSeconds, success ? seconds : null, success ? null : seconds),
            (_, before) => new JobState(duration.TotalSeconds, success ? seconds : before.LastSuccess, success ? before.LastFailure : seconds));
        var tag = new KeyValuePair<string, object?>("job", job);
        Runs.Add(1, tag, new KeyValuePair<string, object?>("outcome", success ? "success" : "failure"));
        if (!success)
        {
            Failures.Add(1, tag);
        }
    }

    /// <summary>What this process last recorded for <paramref name="job"/>: the last run's duration, the last success and failure (Unix seconds).</summary>
    internal static bool TryGetLast(string job, out (double Duration, double? LastSuccess, double? LastFailure) last)
    {
        if (Jobs.TryGetValue(job, out var state))
        {
            last = (state.Duration, state.LastSuccess, state.LastFailure);
            return true;
        }

        last = default;
        return false;
    }

    private static IEnumerable<Measurement<double>> Observe(Func<JobState, double?> value)
    {
        foreach (var (job, state) in Jobs)
        {
            if (value(state) is { } v)
            {
                yield return new Measurement<double>(v, new KeyValuePair<string, object?>("job", job));
            }
        }
    }

    private sealed record JobState(double Duration, double? LastSuccess, double? LastFailure);
}
