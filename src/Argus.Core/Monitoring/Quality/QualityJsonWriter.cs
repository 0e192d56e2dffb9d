using System.Text.Json;

namespace Argus.Core.Monitoring.Quality;

/// <summary>Writes data-quality results as JSON (<see cref="MonitoringJson"/> shape).</summary>
public static class QualityJsonWriter
{
    public static string Write(DataQualityResult result) => JsonSerializer.Serialize(result, MonitoringJson.Options);

    public static string Write(DatasetStats stats) => JsonSerializer.Serialize(stats, MonitoringJson.Options);

    public static string Write(ColumnSummary column) => JsonSerializer.Serialize(column, MonitoringJson.Options);

    public static string Write(CorrelationMatrix matrix) => JsonSerializer.Serialize(matrix, MonitoringJson.Options);
}
