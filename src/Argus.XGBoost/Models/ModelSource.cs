using Argus.Core.Artifacts;
using Argus.Core.Errors;
using Argus.Core.Registry;
using Argus.Core.Tracking;

namespace Argus.XGBoost.Models;

/// <summary>
/// Where a model package is, resolved from a model URI as MLflow spells them:
/// <list type="bullet">
/// <item><c>models:/NAME@ALIAS</c> — the version an alias points at (<c>models:/tips@champion</c>);</item>
/// <item><c>models:/NAME/VERSION</c> — a version number;</item>
/// <item><c>models:/NAME/STAGE</c> — the latest version in a legacy stage; <c>models:/NAME/latest</c> — the highest version;</item>
/// <item><c>runs:/RUN_ID/PATH</c> — a run's artifact folder (<c>runs:/…/model</c>);</item>
/// <item>anything else — an artifact URI or a local directory.</item>
/// </list>
/// </summary>
/// <param name="ArtifactUri">The package folder's artifact URI.</param>
/// <param name="Name">The registered model, when the URI named one.</param>
/// <param name="Version">The registered version, when the URI named a model.</param>
public sealed record ModelSource(string ArtifactUri, string? Name, string? Version)
{
    /// <summary>Resolves <paramref name="uri"/> against <paramref name="store"/>'s registry and runs.</summary>
    public static async Task<ModelSource> ResolveAsync(string uri, ITrackingStore store, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uri);
        ArgumentNullException.ThrowIfNull(store);
        if (uri.StartsWith("models:/", StringComparison.Ordinal))
        {
            var version = await ResolveModelAsync(uri, ModelRegistries.For(store), cancellationToken).ConfigureAwait(false);
            return await ForVersionAsync(version, store, cancellationToken).ConfigureAwait(false);
        }

        if (uri.StartsWith("runs:/", StringComparison.Ordinal))
        {
            var rest = uri["runs:/".Length..].Trim('/');
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var runId = slash < 0 ? rest : rest[..slash];
            var path = slash < 0 ? string.Empty : ArtifactPaths.Normalize(rest[(slash + 1)..]);
            if (runId.Length == 0)
            {
                throw ArgusException.InvalidParameter($"'{uri}' names no run: use runs:/RUN_ID/PATH.");
            }

            var run = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            return new ModelSource(path.Length == 0 ? run.Info.ArtifactUri : run.Info.ArtifactUri.TrimEnd('/') + "/" + path, null, null);
        }

        return new ModelSource(uri.Contains("://", StringComparison.Ordinal) || uri.StartsWith(ArtifactRepositories.ProxyScheme, StringComparison.Ordinal)
            ? uri
            : Path.GetFullPath(uri), null, null);
    }

    /// <summary>
    /// Where a registered version's package is: its source, which Argus registers as the artifact URI but MLflow clients
    /// often as <c>runs:/RUN_ID/PATH</c> (<c>mlflow.register_model("runs:/…/model", …)</c>), resolved through the run.
    /// </summary>
    public static async Task<ModelSource> ForVersionAsync(ModelVersion version, ITrackingStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(store);
        var artifactUri = version.Source.StartsWith("runs:/", StringComparison.Ordinal)
            ? (await ResolveAsync(version.Source, store, cancellationToken).ConfigureAwait(false)).ArtifactUri
            : version.Source;
        return new ModelSource(artifactUri, version.Name, version.Version);
    }

    /// <summary>Resolves a <c>models:/</c> URI to the model version it names.</summary>
    public static async Task<ModelVersion> ResolveModelAsync(string uri, IModelRegistry registry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var rest = uri.StartsWith("models:/", StringComparison.Ordinal) ? uri["models:/".Length..].Trim('/') : string.Empty;
        var at = rest.LastIndexOf('@');
        if (at > 0 && !rest.Contains('/', StringComparison.Ordinal))
        {
            return await registry.GetModelVersionByAliasAsync(rest[..at], rest[(at + 1)..], cancellationToken).ConfigureAwait(false);
        }

        var slash = rest.LastIndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
        {
            throw ArgusException.InvalidParameter($"'{uri}' is not a model URI: use models:/NAME@ALIAS, models:/NAME/VERSION, models:/NAME/STAGE or models:/NAME/latest.");
        }

        var (name, selector) = (rest[..slash], rest[(slash + 1)..]);
        if (long.TryParse(selector, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return await registry.GetModelVersionAsync(name, selector, cancellationToken).ConfigureAwait(false);
        }

        var stages = selector.Equals("latest", StringComparison.OrdinalIgnoreCase) ? [] : new[] { ModelStages.Canonical(selector) };
        var versions = await registry.GetLatestVersionsAsync(name, stages, cancellationToken).ConfigureAwait(false);
        return versions.MaxBy(v => long.Parse(v.Version, System.Globalization.CultureInfo.InvariantCulture))
            ?? throw ArgusException.NotFound($"Registered model '{name}' has no version {(stages.Length == 0 ? "at all" : "in stage " + stages[0])}.");
    }

    /// <summary>Loads the package this source points at.</summary>
    public Task<ModelPackage> LoadAsync(ITrackingStore store, CancellationToken cancellationToken = default) =>
        ModelPackage.LoadAsync(ArtifactRepositories.For(ArtifactUri, store), string.Empty, cancellationToken);
}
