using Argus.Core.Errors;

namespace Argus.Core.Telemetry;

/// <summary>Which meters a <see cref="MetricsCollector"/> listens to, and what else it exposes.</summary>
public sealed record MetricsCollectorOptions
{
    /// <summary>The meter-name prefixes listened to when none are given.</summary>
    public static IReadOnlyList<string> DefaultMeterPrefixes { get; } =
    [
        "Argus.",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.HeaderParsing",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "System.Runtime",
        "System.Net.Http",
        "System.Net.NameResolution",
    ];

    /// <summary>OpenTelemetry's default histogram boundaries, used when an instrument advises none.</summary>
    public static IReadOnlyList<double> DefaultHistogramBoundaries { get; } = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    /// <summary>Every instrument of a meter whose name starts with one of these (ordinal) is collected.</summary>
    /// <value><see cref="DefaultMeterPrefixes"/>.</value>
    public IReadOnlyList<string> MeterPrefixes { get; init; } = DefaultMeterPrefixes;

    /// <summary>
    /// When set, meters created by another <c>IMeterFactory</c> are ignored: two hosts in one process each expose their
    /// own meters (plus the process-wide ones, whose scope is null). Null takes every meter.
    /// </summary>
    public object? MeterScope { get; init; }

    /// <summary>Whether to add client_golang's <c>process_*</c> metrics (Linux only).</summary>
    /// <value>True.</value>
    public bool ProcessMetrics { get; init; } = true;

    /// <summary>Throws one <see cref="ArgusException"/> listing every problem.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (MeterPrefixes is null || MeterPrefixes.Count == 0)
        {
            problems.Add("MeterPrefixes must name at least one meter-name prefix.");
        }
        else
        {
            for (var i = 0; i < MeterPrefixes.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(MeterPrefixes[i]))
                {
                    problems.Add($"MeterPrefixes[{i}] is empty.");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw ArgusException.InvalidParameter("Invalid metrics collector options: " + string.Join(" ", problems));
        }
    }
}
