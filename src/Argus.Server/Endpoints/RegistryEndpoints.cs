using System.Text.Json;
using Argus.Core.Auth;
using Argus.Core.Errors;
using Argus.Core.Registry;
using Argus.Core.Registry.Rest;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Rest;
using Argus.Server.Auth;
using Argus.Server.Hosting;

namespace Argus.Server.Endpoints;

/// <summary>
/// MLflow's model registry REST API (<c>model_registry.proto</c>) under <c>/api/2.0/mlflow</c> and
/// <c>/ajax-api/2.0/mlflow</c>, plus Argus's alias compare-and-set and audit history under
/// <c>/api/2.0/argus</c> and <c>/ajax-api/2.0/argus</c>. PATCH and DELETE read JSON bodies as POST does;
/// GET reads query parameters.
/// </summary>
public static class RegistryEndpoints
{
    public static readonly string[] ArgusPrefixes = ["/api/2.0/argus", "/ajax-api/2.0/argus"];

    public static IEndpointRouteBuilder MapRegistryEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in TrackingEndpoints.Prefixes)
        {
            var api = app.MapGroup(prefix);
            api.MapPost("/registered-models/create", CreateRegisteredModel);
            api.MapGet("/registered-models/get", GetRegisteredModel);
            api.MapPost("/registered-models/rename", RenameRegisteredModel);
            api.MapPatch("/registered-models/update", UpdateRegisteredModel);
            api.MapDelete("/registered-models/delete", DeleteRegisteredModel);
            api.MapGet("/registered-models/search", SearchRegisteredModels);
            api.MapPost("/registered-models/get-latest-versions", GetLatestVersionsPost);
            api.MapGet("/registered-models/get-latest-versions", GetLatestVersionsGet);
            api.MapPost("/registered-models/set-tag", SetRegisteredModelTag);
            api.MapDelete("/registered-models/delete-tag", DeleteRegisteredModelTag);
            api.MapPost("/registered-models/alias", SetAlias);
            api.MapDelete("/registered-models/alias", DeleteAlias);
            api.MapGet("/registered-models/alias", GetModelVersionByAlias);
            api.MapPost("/model-versions/create", CreateModelVersion);
            api.MapGet("/model-versions/get", GetModelVersion);
            api.MapPatch("/model-versions/update", UpdateModelVersion);
            api.MapDelete("/model-versions/delete", DeleteModelVersion);
            api.MapGet("/model-versions/search", SearchModelVersions);
            api.MapPost("/model-versions/transition-stage", TransitionStage);
            api.MapGet("/model-versions/get-download-uri", GetDownloadUri);
            api.MapPost("/model-versions/set-tag", SetModelVersionTag);
            api.MapDelete("/model-versions/delete-tag", DeleteModelVersionTag);
        }

        foreach (var prefix in ArgusPrefixes)
        {
            var argus = app.MapGroup(prefix);
            argus.MapPost("/registered-models/move-aliases", MoveAliases);
            argus.MapGet("/registered-models/history", GetHistory);
        }

        return app;
    }

    /// <summary>
    /// The registry acting for the caller: with authentication on, the signed-in user; otherwise whoever the
    /// <c>X-Argus-User</c> header (percent-encoded UTF-8, sent by Argus clients) says. MLflow clients send no header,
    /// and without authentication their changes are recorded without a user.
    /// </summary>
    private static IModelRegistry Registry(HttpContext context) =>
        ModelRegistries.ActingAs(context.RequestServices.GetRequiredService<ITrackingStore>(), AuthContext.Actor(context));

    private static CancellationToken Aborted(HttpContext context) => context.RequestAborted;

    // ---------------------------------------------------------------- registered models

    private static async Task CreateRegisteredModel(HttpContext context)
    {
        var request = await BodyAsync<CreateRegisteredModelRequest>(context).ConfigureAwait(false);
        var model = await Registry(context).CreateRegisteredModelAsync(
            ApiRequest.Required(request.Name, "name"), request.Description, ApiRequest.Tags(request.Tags), Aborted(context)).ConfigureAwait(false);
        await AuthContext.GrantCreatorAsync(context, ResourceKind.RegisteredModel, model.Name).ConfigureAwait(false);
        await ReplyAsync(context, new RegisteredModelResponse(model)).ConfigureAwait(false);
    }

    private static async Task GetRegisteredModel(HttpContext context)
    {
        var model = await Registry(context).GetRegisteredModelAsync(ApiRequest.QueryRequired(context, "name"), Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new RegisteredModelResponse(model)).ConfigureAwait(false);
    }

    private static async Task RenameRegisteredModel(HttpContext context)
    {
        var request = await BodyAsync<RenameRegisteredModelRequest>(context).ConfigureAwait(false);
        var model = await Registry(context).RenameRegisteredModelAsync(
            ApiRequest.Required(request.Name, "name"), ApiRequest.Required(request.NewName, "new_name"), Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new RegisteredModelResponse(model)).ConfigureAwait(false);
    }

    private static async Task UpdateRegisteredModel(HttpContext context)
    {
        var request = await BodyAsync<UpdateRegisteredModelRequest>(context).ConfigureAwait(false);
        var model = await Registry(context).UpdateRegisteredModelAsync(ApiRequest.Required(request.Name, "name"), request.Description, Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new RegisteredModelResponse(model)).ConfigureAwait(false);
    }

    private static async Task DeleteRegisteredModel(HttpContext context)
    {
        var request = await BodyAsync<RegisteredModelNameRequest>(context).ConfigureAwait(false);
        await Registry(context).DeleteRegisteredModelAsync(ApiRequest.Required(request.Name, "name"), Aborted(context)).ConfigureAwait(false);
        await EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task SearchRegisteredModels(HttpContext context)
    {
        var page = await Registry(context).SearchRegisteredModelsAsync(new RegisteredModelSearch
        {
            Filter = ApiRequest.Query(context, "filter"),
            Readable = AuthContext.ReadFilter(context),
            MaxResults = ApiRequest.QueryInt(context, "max_results") ?? RegisteredModelSearch.DefaultMaxResults,
            OrderBy = ApiRequest.QueryAll(context, "order_by"),
            PageToken = ApiRequest.Query(context, "page_token"),
        }, Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new SearchRegisteredModelsResponse(page.Items, page.NextPageToken)).ConfigureAwait(false);
    }

    private static async Task GetLatestVersionsPost(HttpContext context)
    {
        var request = await BodyAsync<GetLatestVersionsRequest>(context).ConfigureAwait(false);
        await LatestVersionsAsync(context, ApiRequest.Required(request.Name, "name"), request.Stages ?? []).ConfigureAwait(false);
    }

    private static Task GetLatestVersionsGet(HttpContext context) =>
        LatestVersionsAsync(context, ApiRequest.QueryRequired(context, "name"), ApiRequest.QueryAll(context, "stages"));

    private static async Task LatestVersionsAsync(HttpContext context, string name, IReadOnlyList<string> stages)
    {
        var versions = await Registry(context).GetLatestVersionsAsync(name, stages, Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new ModelVersionsResponse(versions)).ConfigureAwait(false);
    }

    private static async Task SetRegisteredModelTag(HttpContext context)
    {
        var request = await BodyAsync<SetRegisteredModelTagRequest>(context).ConfigureAwait(false);
        await Registry(context).SetRegisteredModelTagAsync(
            ApiRequest.Required(request.Name, "name"),
            ApiRequest.Required(request.Key, "key"),
            request.Value ?? throw ArgusException.MissingParameter("value"),
            Aborted(context)).ConfigureAwait(false);
        await EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task DeleteRegisteredModelTag(HttpContext context)
    {
        var request = await BodyAsync<DeleteRegisteredModelTagRequest>(context).ConfigureAwait(false);
        await Registry(context).DeleteRegisteredModelTagAsync(ApiRequest.Required(request.Name, "name"), ApiRequest.Required(request.Key, "key"), Aborted(context)).ConfigureAwait(false);
        await EmptyAsync(context).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- aliases

    private static async Task SetAlias(HttpContext context)
    {
        var request = await BodyAsync<SetAliasRequest>(context).ConfigureAwait(false);
        await Registry(context).SetAliasAsync(
            ApiRequest.Required(request.Name, "name"),
            ApiRequest.Required(request.Alias, "alias"),
            ApiRequest.Required(request.Version, "version"),
            request.Reason,
            Aborted(context)).ConfigureAwait(false);
        await EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task DeleteAlias(HttpContext context)
    {
        var request = await BodyAsync<DeleteAliasRequest>(context).ConfigureAwait(false);
        await Registry(context).DeleteAliasAsync(ApiRequest.Required(request.Name, "name"), ApiRequest.Required(request.Alias, "alias"), request.Reason, Aborted(context)).ConfigureAwait(false);
        await EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task GetModelVersionByAlias(HttpContext context)
    {
        var version = await Registry(context).GetModelVersionByAliasAsync(ApiRequest.QueryRequired(context, "name"), ApiRequest.QueryRequired(context, "alias"), Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new ModelVersionResponse(version)).ConfigureAwait(false);
    }

    private static async Task MoveAliases(HttpContext context)
    {
        var request = await BodyAsync<MoveAliasesRequest>(context).ConfigureAwait(false);
        var moves = (request.Moves ?? []).Select(m => new AliasMove(ApiRequest.Required(m.Alias, "moves.alias"), NullIfEmpty(m.Version))).ToList();
        var expected = (request.Expected ?? []).Select(e => new AliasExpectation(ApiRequest.Required(e.Alias, "expected.alias"), NullIfEmpty(e.Version))).ToList();
        await Registry(context).MoveAliasesAsync(ApiRequest.Required(request.Name, "name"), moves, expected, request.Reason, Aborted(context)).ConfigureAwait(false);
        await EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task GetHistory(HttpContext context)
    {
        var page = await Registry(context).GetHistoryAsync(
            ApiRequest.QueryRequired(context, "name"), ApiRequest.QueryInt(context, "max_results") ?? 100, ApiRequest.Query(context, "page_token"), Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new RegistryHistoryResponse(page.Items, page.NextPageToken)).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- model versions

    private static async Task CreateModelVersion(HttpContext context)
    {
        var request = await BodyAsync<CreateModelVersionRequest>(context).ConfigureAwait(false);
        var version = await Registry(context).CreateModelVersionAsync(
            new ModelVersionCreation(ApiRequest.Required(request.Name, "name"), ApiRequest.Required(request.Source, "source"))
            {
                RunId = request.RunId,
                Tags = ApiRequest.Tags(request.Tags),
                RunLink = request.RunLink,
                Description = request.Description,
            },
            Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new ModelVersionResponse(version)).ConfigureAwait(false);
    }

    private static async Task GetModelVersion(HttpContext context)
    {
        var version = await Registry(context).GetModelVersionAsync(ApiRequest.QueryRequired(context, "name"), ApiRequest.QueryRequired(context, "version"), Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new ModelVersionResponse(version)).ConfigureAwait(false);
    }

    private static async Task UpdateModelVersion(HttpContext context)
    {
        var request = await BodyAsync<UpdateModelVersionRequest>(context).ConfigureAwait(false);
        var version = await Registry(context).UpdateModelVersionAsync(
            ApiRequest.Required(request.Name, "name"), ApiRequest.Required(request.Version, "version"), request.Description, Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new ModelVersionResponse(version)).ConfigureAwait(false);
    }

    private static async Task DeleteModelVersion(HttpContext context)
    {
        var request = await BodyAsync<ModelVersionRequest>(context).ConfigureAwait(false);
        await Registry(context).DeleteModelVersionAsync(ApiRequest.Required(request.Name, "name"), ApiRequest.Required(request.Version, "version"), Aborted(context)).ConfigureAwait(false);
        await EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task SearchModelVersions(HttpContext context)
    {
        var page = await Registry(context).SearchModelVersionsAsync(new ModelVersionSearch
        {
            Filter = ApiRequest.Query(context, "filter"),
            Readable = AuthContext.ReadFilter(context),
            MaxResults = ApiRequest.QueryInt(context, "max_results") ?? ModelVersionSearch.DefaultMaxResults,
            OrderBy = ApiRequest.QueryAll(context, "order_by"),
            PageToken = ApiRequest.Query(context, "page_token"),
        }, Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new SearchModelVersionsResponse(page.Items, page.NextPageToken)).ConfigureAwait(false);
    }

    private static async Task TransitionStage(HttpContext context)
    {
        var request = await BodyAsync<TransitionStageRequest>(context).ConfigureAwait(false);
        var version = await Registry(context).TransitionModelVersionStageAsync(
            ApiRequest.Required(request.Name, "name"),
            ApiRequest.Required(request.Version, "version"),
            ApiRequest.Required(request.Stage, "stage"),
            request.ArchiveExistingVersions ?? throw ArgusException.MissingParameter("archive_existing_versions"),
            request.Reason,
            Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new ModelVersionResponse(version)).ConfigureAwait(false);
    }

    private static async Task GetDownloadUri(HttpContext context)
    {
        var uri = await Registry(context).GetModelVersionDownloadUriAsync(ApiRequest.QueryRequired(context, "name"), ApiRequest.QueryRequired(context, "version"), Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new DownloadUriResponse(uri)).ConfigureAwait(false);
    }

    private static async Task SetModelVersionTag(HttpContext context)
    {
        var request = await BodyAsync<SetModelVersionTagRequest>(context).ConfigureAwait(false);
        await Registry(context).SetModelVersionTagAsync(
            ApiRequest.Required(request.Name, "name"),
            ApiRequest.Required(request.Version, "version"),
            ApiRequest.Required(request.Key, "key"),
            request.Value ?? throw ArgusException.MissingParameter("value"),
            Aborted(context)).ConfigureAwait(false);
        await EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task DeleteModelVersionTag(HttpContext context)
    {
        var request = await BodyAsync<DeleteModelVersionTagRequest>(context).ConfigureAwait(false);
        await Registry(context).DeleteModelVersionTagAsync(
            ApiRequest.Required(request.Name, "name"), ApiRequest.Required(request.Version, "version"), ApiRequest.Required(request.Key, "key"), Aborted(context)).ConfigureAwait(false);
        await EmptyAsync(context).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- request and reply

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static Task EmptyAsync(HttpContext context) => ReplyAsync(context, EmptyResponse.Instance);

    private static async Task ReplyAsync<T>(HttpContext context, T value)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.BodyWriter, value, RegistryJson.Info<T>(), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads a JSON body as <see cref="ApiRequest.ReadJsonAsync{T}"/> does (a POST must say
    /// <c>application/json</c>, as MLflow requires; the size limit applies while reading; an empty body is
    /// <c>{}</c>), and also takes a blank body as <c>{}</c> and the body double-encoded as one JSON string,
    /// which old MLflow clients send.
    /// </summary>
    internal static Task<T> BodyAsync<T>(HttpContext context)
        where T : class => RequestBodies.ReadOnceAsync(context, ReadBodyAsync<T>);

    private static async Task<T> ReadBodyAsync<T>(HttpContext context)
        where T : class
    {
        if (HttpMethods.IsPost(context.Request.Method))
        {
            ApiRequest.RequireJsonContentType(context.Request);
        }

        var limit = context.RequestServices.GetRequiredService<ArgusServerOptions>().MaxJsonBodyBytes;
        using var body = await ApiRequest.ReadBodyAsync(context, limit).ConfigureAwait(false);
        var bytes = body.Span.TrimStart(" \t\r\n"u8);
        if (bytes.IsEmpty)
        {
            return ApiRequest.Parse("{}"u8, RegistryJson.Info<T>());
        }

        // A JSON string holding the JSON object: the double encoding some old MLflow clients send.
        return bytes[0] == (byte)'"'
            ? ApiRequest.Parse(System.Text.Encoding.UTF8.GetBytes(ApiRequest.Parse(bytes, RegistryJson.Info<string>())), RegistryJson.Info<T>())
            : ApiRequest.Parse(bytes, RegistryJson.Info<T>());
    }
}
