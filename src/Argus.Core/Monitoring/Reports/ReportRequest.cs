using Argus.Core.Data;
using Argus.Core.Monitoring.Drift;
using Argus.Core.Monitoring.Performance;
using Argus.Core.Monitoring.Suites;

namespace Argus.Core.Monitoring.Reports;

/// <summary>The inputs of <see cref="MonitoringReports.Compute"/>: the data, the presets, the role columns.</summary>
public sealed record ReportRequest
{
    /// <summary>The data to judge.</summary>
    public required Table Current { get; init; }

    /// <summary>The data to compare with (training data, last month); null for absolute checks.</summary>
    public Table? Reference { get; init; }

    /// <summary>The calculations to run.</summary>
    public required IReadOnlyList<ReportPreset> Presets { get; init; }

    /// <summary>Report title; a default names the files.</summary>
    public string? Title { get; init; }

    /// <summary>Tests to run on the report's metrics, or null for none.</summary>
    public TestSuiteDefinition? Tests { get; init; }

    /// <summary>Drift settings: tests and thresholds per column, per type or for all, the drift share.</summary>
    public DriftOptions Drift { get; init; } = new();

    /// <summary>Classification settings (positive label, probability threshold).</summary>
    public ClassificationOptions Classification { get; init; } = new();

    /// <summary>The clock for <see cref="MonitoringReport.Generated"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
