using System.Text.Json;
using Argus.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Argus.Core.Data;

/// <summary>
/// Evidently-style column mapping: which columns are the target, prediction, id and timestamp, which are
/// features of which type, and the task. It always wins over inference. A feature list left out (null) means
/// "infer the remaining columns of that type"; a list given (even empty) means exactly those columns.
/// <see cref="Task"/> is <c>regression</c> or <c>classification</c>; it is checked, with every other problem,
/// when the mapping is applied to a file (<c>SchemaInference.Resolve</c>).
/// </summary>
public sealed record ColumnMapping
{
    public string? Target { get; init; }

    public string? Prediction { get; init; }

    public string? Id { get; init; }

    public string? Datetime { get; init; }

    public IReadOnlyList<string>? NumericalFeatures { get; init; }

    public IReadOnlyList<string>? CategoricalFeatures { get; init; }

    public IReadOnlyList<string>? TextFeatures { get; init; }

    public string? Task { get; init; }

    /// <summary>Reads a mapping file: <c>.yaml</c>/<c>.yml</c> as YAML, <c>.json</c> as JSON.</summary>
    public static ColumnMapping Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".yaml" or ".yml" or ".json"))
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"Column mapping '{Path.GetFileName(path)}' must be a .yaml, .yml or .json file.");
        }

        if (!File.Exists(path))
        {
            throw new ArgusException(ErrorCode.ResourceDoesNotExist, $"Column mapping '{path}' does not exist.");
        }

        var text = File.ReadAllText(path);
        return extension == ".json" ? ParseJson(text, Path.GetFileName(path)) : ParseYaml(text, Path.GetFileName(path));
    }

    /// <summary>Parses a YAML mapping; unknown keys are errors.</summary>
    public static ColumnMapping ParseYaml(string yaml, string sourceName = "mapping")
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        try
        {
            return FromDocument(deserializer.Deserialize<ColumnMappingDocument?>(yaml));
        }
        catch (YamlException e)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"{sourceName} line {e.Start.Line}: invalid column mapping: {(e.InnerException ?? e).Message}", e);
        }
    }

    /// <summary>Parses a JSON mapping; unknown keys are errors.</summary>
    public static ColumnMapping ParseJson(string json, string sourceName = "mapping")
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        };
        try
        {
            return FromDocument(JsonSerializer.Deserialize<ColumnMappingDocument>(json, options));
        }
        catch (JsonException e)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue,
                $"{sourceName} line {(e.LineNumber ?? 0) + 1}: invalid column mapping: {e.Message}", e);
        }
    }

    private static ColumnMapping FromDocument(ColumnMappingDocument? document) => document is null
        ? new ColumnMapping()
        : new ColumnMapping
        {
            Target = document.Target,
            Prediction = document.Prediction,
            Id = document.Id,
            Datetime = document.Datetime,
            NumericalFeatures = document.NumericalFeatures,
            CategoricalFeatures = document.CategoricalFeatures,
            TextFeatures = document.TextFeatures,
            Task = document.Task,
        };
}
