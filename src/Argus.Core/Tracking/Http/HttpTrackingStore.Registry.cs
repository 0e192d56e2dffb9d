using System.Globalization;
using Argus.Core.Registry;
using Argus.Core.Registry.Rest;
using Argus.Core.Tracking.Rest;

namespace Argus.Core.Tracking.Http;

/// <summary>
/// The model registry through MLflow's REST routes (<c>model_registry.proto</c>): PATCH and DELETE carry
/// JSON bodies as POST does, GET carries query parameters. Alias moves and the audit history use the
/// Argus routes under <c>/api/2.0/argus/</c>, which an MLflow server does not have.
/// </summary>
public sealed partial class HttpTrackingStore : IModelRegistry
{
    private const string Models = Api + "registered-models/";

    private const string Versions = Api + "model-versions/";

    private const string ArgusModels = "api/2.0/argus/registered-models/";

    public async Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description, IReadOnlyList<Tag> tags, CancellationToken cancellationToken)
    {
        var request = new CreateRegisteredModelRequest(name, (tags ?? []).Select(t => new KeyValueMessage(t.Key, t.Value)).ToList(), description);
        var response = await SendAsync<CreateRegisteredModelRequest, RegisteredModelResponse>(HttpMethod.Post, Models + "create", request, cancellationToken).ConfigureAwait(false);
        return Normalize(response.RegisteredModel);
    }

    public async Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken)
    {
        var response = await GetAsync(Models + "get", [new("name", name)], RegistryJson.Info<RegisteredModelResponse>(), cancellationToken).ConfigureAwait(false);
        return Normalize(response.RegisteredModel);
    }

    public async Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken)
    {
        var response = await SendAsync<RenameRegisteredModelRequest, RegisteredModelResponse>(HttpMethod.Post, Models + "rename", new(name, newName), cancellationToken).ConfigureAwait(false);
        return Normalize(response.RegisteredModel);
    }

    public async Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken)
    {
        var response = await SendAsync<UpdateRegisteredModelRequest, RegisteredModelResponse>(HttpMethod.Patch, Models + "update", new(name, description), cancellationToken).ConfigureAwait(false);
        return Normalize(response.RegisteredModel);
    }

    public Task DeleteRegisteredModelAsync(string name, CancellationToken cancellationToken) =>
        SendAsync<RegisteredModelNameRequest, EmptyResponse>(HttpMethod.Delete, Models + "delete", new(name), cancellationToken);

    public async Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(RegisteredModelSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        var query = SearchQuery(search.Filter, search.MaxResults, search.OrderBy, search.PageToken);
        var response = await GetAsync(Models + "search", query, RegistryJson.Info<SearchRegisteredModelsResponse>(), cancellationToken).ConfigureAwait(false);
        return new Page<RegisteredModel>((response.RegisteredModels ?? []).Select(Normalize).ToList(), NullIfEmpty(response.NextPageToken));
    }

    public async Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string name, IReadOnlyList<string> stages, CancellationToken cancellationToken)
    {
        List<KeyValuePair<string, string>> query = [new("name", name)];
        query.AddRange((stages ?? []).Select(s => new KeyValuePair<string, string>("stages", s)));
        var response = await GetAsync(Models + "get-latest-versions", query, RegistryJson.Info<ModelVersionsResponse>(), cancellationToken).ConfigureAwait(false);
        return (response.ModelVersions ?? []).Select(Normalize).ToList();
    }

    public Task SetRegisteredModelTagAsync(string name, string key, string value, CancellationToken cancellationToken) =>
        SendAsync<SetRegisteredModelTagRequest, EmptyResponse>(HttpMethod.Post, Models + "set-tag", new(name, key, value), cancellationToken);

    public Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken) =>
        SendAsync<DeleteRegisteredModelTagRequest, EmptyResponse>(HttpMethod.Delete, Models + "delete-tag", new(name, key), cancellationToken);

    public Task SetAliasAsync(string name, string alias, string version, string? reason, CancellationToken cancellationToken) =>
        SendAsync<SetAliasRequest, EmptyResponse>(HttpMethod.Post, Models + "alias", new(name, alias, version, reason), cancellationToken);

    public Task DeleteAliasAsync(string name, string alias, string? reason, CancellationToken cancellationToken) =>
        SendAsync<DeleteAliasRequest, EmptyResponse>(HttpMethod.Delete, Models + "alias", new(name, alias, reason), cancellationToken);

    public async Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken)
    {
        var response = await GetAsync(Models + "alias", [new("name", name), new("alias", alias)], RegistryJson.Info<ModelVersionResponse>(), cancellationToken).ConfigureAwait(false);
        return Normalize(response.ModelVersion);
    }

    public Task MoveAliasesAsync(string name, IReadOnlyList<AliasMove> moves, IReadOnlyList<AliasExpectation> expected, string? reason, CancellationToken cancellationToken)
    {
        var request = new MoveAliasesRequest(
            name,
            (moves ?? []).Select(m => new AliasVersionMessage(m.Alias, m.Version)).ToList(),
            (expected ?? []).Select(e => new AliasVersionMessage(e.Alias, e.Version)).ToList(),
            reason);
        return SendAsync<MoveAliasesRequest, EmptyResponse>(HttpMethod.Post, ArgusModels + "move-aliases", request, cancellationToken);
    }

    public async Task<ModelVersion> CreateModelVersionAsync(ModelVersionCreation creation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(creation);
        var request = new CreateModelVersionRequest(
            creation.Name, creation.Source, creation.RunId, (creation.Tags ?? []).Select(t => new KeyValueMessage(t.Key, t.Value)).ToList(), creation.RunLink, creation.Description);
        var response = await SendAsync<CreateModelVersionRequest, ModelVersionResponse>(HttpMethod.Post, Versions + "create", request, cancellationToken).ConfigureAwait(false);
        return Normalize(response.ModelVersion);
    }

    public async Task<ModelVersion> GetModelVersionAsync(string name, string version, CancellationToken cancellationToken)
    {
        var response = await GetAsync(Versions + "get", [new("name", name), new("version", version)], RegistryJson.Info<ModelVersionResponse>(), cancellationToken).ConfigureAwait(false);
        return Normalize(response.ModelVersion);
    }

    public async Task<ModelVersion> UpdateModelVersionAsync(string name, string version, string? description, CancellationToken cancellationToken)
    {
        var response = await SendAsync<UpdateModelVersionRequest, ModelVersionResponse>(HttpMethod.Patch, Versions + "update", new(name, version, description), cancellationToken).ConfigureAwait(false);
        return Normalize(response.ModelVersion);
    }

    public Task DeleteModelVersionAsync(string name, string version, CancellationToken cancellationToken) =>
        SendAsync<ModelVersionRequest, EmptyResponse>(HttpMethod.Delete, Versions + "delete", new(name, version), cancellationToken);

    public async Task<Page<ModelVersion>> SearchModelVersionsAsync(ModelVersionSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        var query = SearchQuery(search.Filter, search.MaxResults, search.OrderBy, search.PageToken);
        var response = await GetAsync(Versions + "search", query, RegistryJson.Info<SearchModelVersionsResponse>(), cancellationToken).ConfigureAwait(false);
        return new Page<ModelVersion>((response.ModelVersions ?? []).Select(Normalize).ToList(), NullIfEmpty(response.NextPageToken));
    }

    public async Task<ModelVersion> TransitionModelVersionStageAsync(string name, string version, string stage, bool archiveExistingVersions, string? reason, CancellationToken cancellationToken)
    {
        var request = new TransitionStageRequest(name, version, stage, archiveExistingVersions, reason);
        var response = await SendAsync<TransitionStageRequest, ModelVersionResponse>(HttpMethod.Post, Versions + "transition-stage", request, cancellationToken).ConfigureAwait(false);
        return Normalize(response.ModelVersion);
    }

    public async Task<string> GetModelVersionDownloadUriAsync(string name, string version, CancellationToken cancellationToken)
    {
        var response = await GetAsync(Versions + "get-download-uri", [new("name", name), new("version", version)], RegistryJson.Info<DownloadUriResponse>(), cancellationToken).ConfigureAwait(false);
        return response.ArtifactUri;
    }

    public Task SetModelVersionTagAsync(string name, string version, string key, string value, CancellationToken cancellationToken) =>
        SendAsync<SetModelVersionTagRequest, EmptyResponse>(HttpMethod.Post, Versions + "set-tag", new(name, version, key, value), cancellationToken);

    public Task DeleteModelVersionTagAsync(string name, string version, string key, CancellationToken cancellationToken) =>
        SendAsync<DeleteModelVersionTagRequest, EmptyResponse>(HttpMethod.Delete, Versions + "delete-tag", new(name, version, key), cancellationToken);

    public async Task<Page<RegistryEvent>> GetHistoryAsync(string name, int maxResults, string? pageToken, CancellationToken cancellationToken)
    {
        List<KeyValuePair<string, string>> query = [new("name", name), new("max_results", maxResults.ToString(CultureInfo.InvariantCulture))];
        if (!string.IsNullOrEmpty(pageToken))
        {
            query.Add(new("page_token", pageToken));
        }

        var response = await GetAsync(ArgusModels + "history", query, RegistryJson.Info<RegistryHistoryResponse>(), cancellationToken).ConfigureAwait(false);
        return new Page<RegistryEvent>(response.Events ?? [], NullIfEmpty(response.NextPageToken));
    }

    private Task<TResponse> SendAsync<TRequest, TResponse>(HttpMethod method, string pathFromRoot, TRequest body, CancellationToken cancellationToken) =>
        SendBodyAsync(method, pathFromRoot, RegistryJson.SerializeToUtf8Bytes(body), RegistryJson.Info<TResponse>(), cancellationToken);

    private static List<KeyValuePair<string, string>> SearchQuery(string? filter, int maxResults, IReadOnlyList<string>? orderBy, string? pageToken)
    {
        List<KeyValuePair<string, string>> query = [new("max_results", maxResults.ToString(CultureInfo.InvariantCulture))];
        if (!string.IsNullOrEmpty(filter))
        {
            query.Add(new("filter", filter));
        }

        query.AddRange((orderBy ?? []).Select(o => new KeyValuePair<string, string>("order_by", o)));
        if (!string.IsNullOrEmpty(pageToken))
        {
            query.Add(new("page_token", pageToken));
        }

        return query;
    }

    // Proto JSON omits empty lists; the domain types always carry lists.
    private static RegisteredModel Normalize(RegisteredModel model) => model with
    {
        LatestVersions = (model.LatestVersions ?? []).Select(Normalize).ToList(),
        Tags = model.Tags ?? [],
        Aliases = model.Aliases ?? [],
    };

    private static ModelVersion Normalize(ModelVersion version) => version with
    {
        Tags = version.Tags ?? [],
        Aliases = version.Aliases ?? [],
    };
}
