using System.Text.Json;
using Argus.Core.Monitoring.Quality;

namespace Argus.Core.Monitoring.Performance;

/// <summary>Writes model-performance results as JSON (the monitoring shape: snake_case, NaN and ±inf as null).</summary>
public static class PerformanceJsonWriter
{
    public static string Write(RegressionResult result) => JsonSerializer.Serialize(result, MonitoringJson.Options);

    public static string Write(ClassificationResult result) => JsonSerializer.Serialize(result, MonitoringJson.Options);
}
