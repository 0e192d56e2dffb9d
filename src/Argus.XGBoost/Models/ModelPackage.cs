using Argus.Core.Artifacts;
using Argus.Core.Data;
using Argus.Core.Errors;

namespace Argus.XGBoost.Models;

/// <summary>
/// A loaded model package: the manifest, the fitted encoder and the booster, checked against each other
/// (the encoder's features are the manifest's inputs, in order; the booster takes that many columns).
/// Read-only after loading, so one package serves many threads.
/// </summary>
public sealed class ModelPackage : IDisposable
{
    private ModelPackage(ModelManifest manifest, TabularEncoder encoder, Booster booster, byte[] modelJson, string source)
    {
        Manifest = manifest;
        Encoder = encoder;
        Booster = booster;
        ModelJson = modelJson;
        Source = source;
    }

    public ModelManifest Manifest { get; }

    public TabularEncoder Encoder { get; }

    public Booster Booster { get; }

    /// <summary>The booster as XGBoost JSON, as stored in the package.</summary>
    public ReadOnlyMemory<byte> ModelJson { get; }

    /// <summary>Where the package was read from.</summary>
    public string Source { get; }

    /// <summary>Loads the package in <paramref name="path"/> ("" for the root) of an artifact repository.</summary>
    public static Task<ModelPackage> LoadAsync(IArtifactRepository repository, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var prefix = string.IsNullOrEmpty(path) ? string.Empty : ArtifactPaths.Normalize(path);
        return LoadAsync(repository, path, repository.RootUri.TrimEnd('/') + (prefix.Length > 0 ? "/" + prefix : string.Empty), cancellationToken);
    }

    /// <summary>
    /// Loads the package in <paramref name="path"/> of an artifact repository, naming it <paramref name="source"/> in
    /// errors and in <see cref="Source"/>: a server names the package as its client does (the registered source URI),
    /// never by the server's own directory.
    /// </summary>
    public static async Task<ModelPackage> LoadAsync(IArtifactRepository repository, string path, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(source);
        var prefix = string.IsNullOrEmpty(path) ? string.Empty : ArtifactPaths.Normalize(path) + "/";
        var manifestBytes = await ReadAsync(repository, prefix + ModelManifest.FileName, source, cancellationToken).ConfigureAwait(false);
        var manifest = ModelManifest.FromJson(manifestBytes, source);
        var encoderBytes = await ReadAsync(repository, prefix + FileIn(manifest.EncoderFile, source), source, cancellationToken).ConfigureAwait(false);
        var modelBytes = await ReadAsync(repository, prefix + FileIn(manifest.ModelFile, source), source, cancellationToken).ConfigureAwait(false);
        return Create(manifest, encoderBytes, modelBytes, source);
    }

    /// <summary>Loads the package in a local directory.</summary>
    public static Task<ModelPackage> LoadAsync(string directory, CancellationToken cancellationToken = default) =>
        LoadAsync(new LocalArtifactRepository(Path.GetFullPath(directory)), string.Empty, cancellationToken);

    private static ModelPackage Create(ModelManifest manifest, byte[] encoderBytes, byte[] modelBytes, string source)
    {
        TabularEncoder encoder;
        try
        {
            encoder = TabularEncoder.FromJson(System.Text.Encoding.UTF8.GetString(encoderBytes));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw ArgusException.InvalidParameter($"{source}: {manifest.EncoderFile} is not a valid encoder: {e.Message}");
        }

        var expected = manifest.Inputs.Select(i => i.Name).ToList();
        var actual = encoder.Features.Select(f => f.Name).ToList();
        if (!expected.SequenceEqual(actual, StringComparer.Ordinal))
        {
            throw ArgusException.InvalidParameter(
                $"{source}: the manifest's inputs ({string.Join(", ", expected)}) differ from the encoder's features ({string.Join(", ", actual)}).");
        }

        var booster = Booster.Load(modelBytes);
        try
        {
            var names = booster.FeatureNames;
            if (names.Count > 0 && !names.SequenceEqual(expected, StringComparer.Ordinal))
            {
                throw ArgusException.InvalidParameter(
                    $"{source}: the booster's features ({string.Join(", ", names)}) differ from the manifest's inputs ({string.Join(", ", expected)}).");
            }

            return new ModelPackage(manifest, encoder, booster, modelBytes, source);
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    // A file named by the manifest must sit in the package itself.
    private static string FileIn(string name, string source)
    {
        var normalized = ArtifactPaths.Normalize(name);
        return normalized.Length == 0 || normalized.Contains('/', StringComparison.Ordinal)
            ? throw ArgusException.InvalidParameter($"{source}: the manifest names '{name}', which is not a file of the package.")
            : normalized;
    }

    private static async Task<byte[]> ReadAsync(IArtifactRepository repository, string path, string source, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await repository.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (ArgusException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            throw new ArgusException(ErrorCode.ResourceDoesNotExist,
                $"{source} is not an Argus model package: {path} is missing. A package is the 'model' folder a training run logs.");
        }
    }

    public void Dispose() => Booster.Dispose();
}
