using Argus.Core.Artifacts;
using Argus.Core.Errors;
using Argus.Core.Registry;
using Argus.Core.Tracking;

namespace Argus.XGBoost.Models;

/// <summary>
/// Registers a run's model package as a new version (what <c>argus models register</c> and the <c>register</c> step do):
/// only a package that loads is registered, so a wrong artifact path fails here and not at serving time; the registered
/// model is created when it does not exist yet.
/// </summary>
public static class ModelRegistration
{
    /// <summary>The artifact folder a training run logs its model package to.</summary>
    public const string DefaultArtifactPath = "model";

    /// <summary>Registers the package at <paramref name="artifactPath"/> of run <paramref name="runId"/> as a new version of <paramref name="model"/>.</summary>
    /// <exception cref="ArgusException">The run does not exist, or holds no loadable model package at that path.</exception>
    public static async Task<ModelVersion> RegisterAsync(
        ITrackingStore store, string model, string runId, string? artifactPath = DefaultArtifactPath, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var registry = ModelRegistries.For(store);
        var runInfo = (await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)).Info;
        var path = ArtifactPaths.Normalize(artifactPath);
        var source = runInfo.ArtifactUri.TrimEnd('/') + (path.Length == 0 ? string.Empty : "/" + path);

        using (await new ModelSource(source, null, null).LoadAsync(store, cancellationToken).ConfigureAwait(false))
        {
        }

        try
        {
            await registry.CreateRegisteredModelAsync(model, null, [], cancellationToken).ConfigureAwait(false);
        }
        catch (ArgusException e) when (e.Code == ErrorCode.ResourceAlreadyExists)
        {
            // Registering into an existing model is the common case.
        }

        return await registry.CreateModelVersionAsync(new ModelVersionCreation(model, source)
        {
            RunId = runInfo.RunId,
            Description = description,
        }, cancellationToken).ConfigureAwait(false);
    }
}
