using System.Text.Json;
using Argus.Core.Errors;

namespace Argus.XGBoost.Models;

/// <summary>
/// <c>argus-model.json</c>, the manifest of a model package: a directory holding it, the booster
/// (<see cref="ModelFile"/>, XGBoost JSON) and the fitted encoder (<see cref="EncoderFile"/>). With these three
/// files a model can be served or scored with nothing else: the input signature, the output, the task and
/// classes, the training data's digest, the metrics and the library versions that made it.
/// <see cref="IgnoredTextFeatures"/> names text columns the training data had: XGBoost takes numbers, so they
/// did not train the model and are accepted but ignored at prediction time.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>The manifest's file name inside a model package.</summary>
    public const string FileName = "argus-model.json";

    /// <summary>The manifest format this build writes and reads.</summary>
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    public string Flavor { get; init; } = "xgboost";

    public string ModelFile { get; init; } = "model.json";

    public string EncoderFile { get; init; } = "encoder.json";

    /// <summary><c>regression</c> or <c>classification</c>.</summary>
    public required string Task { get; init; }

    public required string Target { get; init; }

    /// <summary>The input signature, in the order the encoder lays features out.</summary>
    public required IReadOnlyList<ModelInput> Inputs { get; init; }

    public required ModelOutput Output { get; init; }

    public IReadOnlyList<string> IgnoredTextFeatures { get; init; } = [];

    /// <summary>The SHA-256 digest of the training dataset version.</summary>
    public required string DatasetDigest { get; init; }

    /// <summary>The best round (0-based), also kept in the booster as <c>best_iteration</c>.</summary>
    public int BestIteration { get; init; }

    /// <summary>Held-out metrics measured when the model was trained.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The run that trained the model.</summary>
    public string? RunId { get; init; }

    public long CreatedTimestamp { get; init; }

    public required LibraryVersions LibraryVersions { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, ModelJsonContext.Default.ModelManifest);

    /// <summary>Reads a manifest; a missing field, another flavor or a newer format is a clear error.</summary>
    public static ModelManifest FromJson(ReadOnlySpan<byte> json, string source)
    {
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(json, ModelJsonContext.Default.ModelManifest);
        }
        catch (JsonException e)
        {
            throw ArgusException.InvalidParameter($"{source}: not a valid {FileName}: {e.Message}");
        }

        if (manifest is null)
        {
            throw ArgusException.InvalidParameter($"{source}: {FileName} is empty.");
        }

        if (manifest.Format > CurrentFormat)
        {
            throw ArgusException.InvalidParameter($"{source}: model package format {manifest.Format} is newer than this Argus reads ({CurrentFormat}); upgrade Argus.");
        }

        if (manifest.Flavor != "xgboost")
        {
            throw ArgusException.InvalidParameter($"{source}: flavor '{manifest.Flavor}' is not supported; Argus serves 'xgboost' models.");
        }

        return manifest;
    }
}

/// <summary>What a model answers per row: a number (regression, <c>double</c>) or a class label (<c>string</c>).</summary>
public sealed record ModelOutput(string Type, IReadOnlyList<string>? Classes = null);

/// <summary>The library versions a model was trained with.</summary>
public sealed record LibraryVersions(string XGBoost, string Argus);
