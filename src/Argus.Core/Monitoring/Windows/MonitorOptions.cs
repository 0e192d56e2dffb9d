using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Drift;
using Argus.Core.Notifications;

namespace Argus.Core.Monitoring.Windows;

/// <summary>What <see cref="MonitorJob"/> watches and how.</summary>
public sealed record MonitorOptions
{
    /// <summary>The registered model whose inference log is read.</summary>
    public required string Model { get; init; }

    /// <summary>The inference log's root directory (the server's <c>--inference-log</c>).</summary>
    public required string LogRoot { get; init; }

    /// <summary>The data the windows are compared with, typically the model's training data.</summary>
    public required Table Reference { get; init; }

    /// <summary>The window length; windows start at multiples of it from the Unix epoch, in UTC.</summary>
    /// <value>1 hour</value>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Read predictions from this time on; null for the whole log.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>The experiment the window runs go to.</summary>
    /// <value><c>monitoring/&lt;model&gt;</c></value>
    public string? Experiment { get; init; }

    /// <summary>Drift tests and thresholds (Evidently's choice per column by default).</summary>
    public DriftOptions Drift { get; init; } = new();

    /// <summary>
    /// Scores the reference with the version that answered each window, so the reference has predictions too; null
    /// compares without (no prediction drift, and tests on the prediction column have no reference).
    /// </summary>
    public IReferenceScorer? ReferenceScorer { get; init; }

    /// <summary>Where to send word of a window with dataset drift, or null for nowhere.</summary>
    public Notifier? Notifier { get; init; }

    /// <summary>The clock: only windows that have ended by now are computed.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The experiment's name.</summary>
    public string ExperimentName => Experiment ?? $"monitoring/{Model}";

    /// <summary>Throws one <see cref="ArgusException"/> listing every problem.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Model))
        {
            problems.Add("a model name is required");
        }

        if (Window < TimeSpan.FromSeconds(1) || Window > TimeSpan.FromDays(31))
        {
            problems.Add($"the window must be between 1 second and 31 days (got {Window})");
        }

        if (!Directory.Exists(LogRoot))
        {
            problems.Add($"the inference log '{LogRoot}' does not exist");
        }

        if (problems.Count > 0)
        {
            throw ArgusException.InvalidParameter($"Cannot monitor: {string.Join("; ", problems)}.");
        }
    }
}
