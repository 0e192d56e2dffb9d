using System.Text.Json.Serialization;

namespace Argus.Core.Tracking;

/// <summary>A run's status; numbers as in MLflow's proto, names written as RUNNING, FINISHED….</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunStatus>))]
public enum RunStatus
{
    [JsonStringEnumMemberName("RUNNING")]
    Running = 1,
    [JsonStringEnumMemberName("SCHEDULED")]
    Scheduled = 2,
    [JsonStringEnumMemberName("FINISHED")]
    Finished = 3,
    [JsonStringEnumMemberName("FAILED")]
    Failed = 4,
    [JsonStringEnumMemberName("KILLED")]
    Killed = 5,
}
