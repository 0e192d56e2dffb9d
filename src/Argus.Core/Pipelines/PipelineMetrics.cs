using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Argus.Core.Pipelines;

/// <summary>
/// The pipeline instruments (meter <c>Argus.Pipelines</c>) the runner records: runs and their durations by outcome, each
/// step's duration and attempts by outcome, and per pipeline the times of the last success and the last failure (the
/// gauges a "pipeline stale" or "pipeline failed" alert reads). Labels: <c>pipeline</c>, <c>step</c> (bounded by the
/// pipeline files) and <c>outcome</c> (<c>success</c> or <c>failure</c>). In Prometheus: <c>argus_pipeline_runs_total</c>,
/// <c>argus_pipeline_run_duration_seconds</c>, <c>argus_pipeline_step_duration_seconds</c>,
/// <c>argus_pipeline_step_attempts_total</c>, <c>argus_pipeline_last_success_timestamp_seconds</c> and
/// <c>argus_pipeline_last_failure_timestamp_seconds</c>.
/// </summary>
public static class PipelineMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Argus.Pipelines";

    /// <summary>The <c>outcome</c> of a run, step or attempt that succeeded.</summary>
    public const string Success = "success";

    /// <summary>The <c>outcome</c> of a run, step or attempt that failed (cancelled and timed out included).</summary>
    public const string Failure = "failure";

    // Pipelines take seconds to hours: buckets from a second to a day.
    private static readonly double[] DurationBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 28800, 86400];

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<string, double> LastSuccesses = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, double> LastFailures = new(StringComparer.Ordinal);

    private static readonly Counter<long> Runs = Meter.CreateCounter<long>(
        "argus.pipeline.runs", "{run}", "Pipeline runs that ended, by pipeline and outcome (success or failure).");

    private static readonly Histogram<double> RunDuration = Meter.CreateHistogram(
        "argus.pipeline.run.duration", "s", "How long pipeline runs took, from start to end, by pipeline and outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static readonly Histogram<double> StepDuration = Meter.CreateHistogram(
        "argus.pipeline.step.duration", "s", "How long pipeline steps took, retries and their waits included, by pipeline, step and outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static readonly Counter<long> StepAttempts = Meter.CreateCounter<long>(
        "argus.pipeline.step.attempts", "{attempt}", "Attempts of pipeline steps, by pipeline, step and outcome.");

    private static readonly ObservableGauge<double> LastSuccess = Meter.CreateObservableGauge(
        "argus.pipeline.last_success_timestamp", () => Observe(LastSuccesses), "s",
        "When the pipeline last succeeded, in Unix seconds, by pipeline.");

    private static readonly ObservableGauge<double> LastFailure = Meter.CreateObservableGauge(
        "argus.pipeline.last_failure_timestamp", () => Observe(LastFailures), "s",
        "When the pipeline last failed, in Unix seconds, by pipeline.");

    /// <summary>Records a run of <paramref name="pipeline"/> that ended at <paramref name="ended"/>.</summary>
    public static void RunEnded(string pipeline, bool success, TimeSpan duration, DateTimeOffset ended)
    {
        ArgumentException.ThrowIfNullOrEmpty(pipeline);
        _ = (LastSuccess, LastFailure);
        (success ? LastSuccesses : LastFailures)[pipeline] = ended.ToUnixTimeMilliseconds() / 1000.0;
        var tags = Tags(pipeline, null, success);
        Runs.Add(1, tags);
        RunDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>Records a step that ran (not one carried over from the run it retries, nor one skipped).</summary>
    public static void StepEnded(string pipeline, string step, bool success, TimeSpan duration) =>
        StepDuration.Record(duration.TotalSeconds, Tags(pipeline, step, success));

    /// <summary>Records one attempt of a step.</summary>
    public static void AttemptEnded(string pipeline, string step, bool success) =>
        StepAttempts.Add(1, Tags(pipeline, step, success));

    private static TagList Tags(string pipeline, string? step, bool success)
    {
        var tags = new TagList { { "pipeline", pipeline } };
        if (step is not null)
        {
            tags.Add("step", step);
        }

        tags.Add("outcome", success ? Success : Failure);
        return tags;
    }

    private static IEnumerable<Measurement<double>> Observe(ConcurrentDictionary<string, double> times)
    {
        foreach (var (pipeline, at) in times)
        {
            yield return new Measurement<double>(at, new KeyValuePair<string, object?>("pipeline", pipeline));
        }
    }
}
