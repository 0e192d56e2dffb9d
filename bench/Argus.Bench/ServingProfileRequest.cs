using System.Text.Json.Serialization;

namespace Argus.Bench;

/// <summary>The peers' bare-Kestrel ceiling's request shape (shared/bench/peers/dotnet/ConstApi), for the reference parse.</summary>
internal sealed class ServingProfileRequest
{
    [JsonPropertyName("dataframe_split")]
    public ServingProfileSplit? DataframeSplit { get; set; }
}
