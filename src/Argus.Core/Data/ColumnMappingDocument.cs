namespace Argus.Core.Data;

/// <summary>The file shape of a column mapping; YAML and JSON both bind to it (snake_case keys).</summary>
internal sealed class ColumnMappingDocument
{
    public string? Target { get; set; }

    public string? Prediction { get; set; }

    public string? Id { get; set; }

    public string? Datetime { get; set; }

    public List<string>? NumericalFeatures { get; set; }

    public List<string>? CategoricalFeatures { get; set; }

    public List<string>? TextFeatures { get; set; }

    public string? Task { get; set; }
}
