using System.Text.Json.Serialization;

namespace Argus.Core.Tracking;

/// <summary>Which lifecycle stages a search returns.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ViewType>))]
public enum ViewType
{
    [JsonStringEnumMemberName("ACTIVE_ONLY")]
    ActiveOnly = 1,
    [JsonStringEnumMemberName("DELETED_ONLY")]
    DeletedOnly = 2,
    [JsonStringEnumMemberName("ALL")]
    All = 3,
}
