using System.Globalization;
using Argus.Core.Tracking;

namespace Argus.Core.Tuning.Runs;

/// <summary>
/// Settings of a <see cref="TuningRunner"/> search. Validated once by the runner, every problem reported
/// together (<see cref="Validate"/>).
/// </summary>
public sealed record TuningOptions
{
    /// <summary>The algorithm names <see cref="Algorithm"/> accepts.</summary>
    public static IReadOnlyList<string> Algorithms { get; } = ["tpe", "random", "grid"];

    /// <summary>
    /// Largest number of trials of the whole search, failed ones included; on resume the trials already
    /// finished in the store count toward it.
    /// </summary>
    /// <value>100</value>
    public int MaxTrials { get; init; } = 100;

    /// <summary>
    /// Wall-clock budget of one <see cref="TuningRunner"/> call, measured with <see cref="TimeProvider"/>:
    /// once spent no new trial starts and the running ones finish. Null: no budget.
    /// </summary>
    /// <value>null</value>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Stop once this many completed trials in a row (in completion order) did not lower the best loss. Null: never.</summary>
    /// <value>null</value>
    public int? StopAfterNoImprovement { get; init; }

    /// <summary>Trials evaluated at once.</summary>
    /// <value>1</value>
    public int Parallelism { get; init; } = 1;

    /// <summary>Seed of every random draw; trial i draws from a <see cref="Random"/> seeded from (seed, i).</summary>
    /// <value>0</value>
    public int Seed { get; init; }

    /// <summary>tpe, random or grid (case-insensitive); ignored when <see cref="Sampler"/> is set.</summary>
    /// <value>tpe</value>
    public string Algorithm { get; init; } = "tpe";

    /// <summary>A sampler to use instead of <see cref="Algorithm"/>; its space must be the space being tuned.</summary>
    /// <value>null</value>
    public ISampler? Sampler { get; init; }

    /// <summary>Settings of the TPE sampler when <see cref="Algorithm"/> is tpe. Null: Hyperopt's defaults.</summary>
    /// <value>null</value>
    public TpeOptions? Tpe { get; init; }

    /// <summary>Settings of the grid sampler when <see cref="Algorithm"/> is grid. Null: defaults.</summary>
    /// <value>null</value>
    public GridSamplerOptions? Grid { get; init; }

    /// <summary>Experiment of the parent run and its trials (ignored on resume: the parent's experiment is used).</summary>
    /// <value>"0", the default experiment.</value>
    public string ExperimentId { get; init; } = Experiment.DefaultId;

    /// <summary>Name of the parent run; null lets the store generate one. Ignored on resume.</summary>
    /// <value>null</value>
    public string? ParentRunName { get; init; }

    /// <summary>The clock for the time budget, durations and metric timestamps.</summary>
    /// <value><see cref="TimeProvider.System"/></value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Every problem with these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxTrials < 1)
        {
            errors.Add($"{nameof(MaxTrials)} must be >= 1 (got {MaxTrials}).");
        }

        if (TimeBudget is { } budget && budget <= TimeSpan.Zero)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{nameof(TimeBudget)} must be positive (got {budget})."));
        }

        if (StopAfterNoImprovement is { } k && k < 1)
        {
            errors.Add($"{nameof(StopAfterNoImprovement)} must be >= 1 (got {k}).");
        }

        if (Parallelism < 1)
        {
            errors.Add($"{nameof(Parallelism)} must be >= 1 (got {Parallelism}).");
        }

        if (Sampler is null && !Algorithms.Contains(Algorithm?.ToLowerInvariant() ?? ""))
        {
            errors.Add($"{nameof(Algorithm)} must be one of {string.Join(", ", Algorithms)} (got '{Algorithm}').");
        }

        if (Tpe is not null)
        {
            errors.AddRange(Tpe.Validate().Select(e => $"{nameof(Tpe)}.{e}"));
        }

        if (Grid is not null)
        {
            errors.AddRange(Grid.Validate().Select(e => $"{nameof(Grid)}.{e}"));
        }

        if (string.IsNullOrWhiteSpace(ExperimentId))
        {
            errors.Add($"{nameof(ExperimentId)} must not be empty.");
        }

        if (ParentRunName is { Length: > TrackingLimits.MaxRunNameLength })
        {
            errors.Add($"{nameof(ParentRunName)} must be at most {TrackingLimits.MaxRunNameLength} characters (got {ParentRunName.Length}).");
        }

        if (TimeProvider is null)
        {
            errors.Add($"{nameof(TimeProvider)} must not be null.");
        }

        return errors;
    }
}
