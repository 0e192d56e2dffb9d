using System.Text.Json.Serialization;

namespace Argus.Bench;

/// <summary>The ceiling's <c>dataframe_split</c>: column names and rows as <c>double[][]</c>.</summary>
internal sealed class ServingProfileSplit
{
    [JsonPropertyName("columns")]
    public string[]? Columns { get; set; }

    [JsonPropertyName("data")]
    public double[][]? Data { get; set; }
}
