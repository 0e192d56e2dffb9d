namespace Argus.Core.Monitoring.Reports;

/// <summary>What a report contains; presets only choose which calculations run.</summary>
public enum ReportPreset
{
    /// <summary>Data drift of every feature between reference and current.</summary>
    Drift,

    /// <summary>Data quality: column and dataset statistics, correlations.</summary>
    Quality,

    /// <summary>Target and prediction drift.</summary>
    Target,

    /// <summary>Regression performance (needs target and prediction in the current data).</summary>
    Regression,

    /// <summary>Classification performance (needs target and prediction in the current data).</summary>
    Classification,
}
