using Argus.Core.Auth;
using Argus.Core.Errors;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Downsampling;
using Argus.Core.Tracking.Rest;
using Argus.Server.Auth;
using Argus.Server.Hosting;

namespace Argus.Server.Endpoints;

/// <summary>
/// MLflow's tracking REST API, mounted under <c>/api/2.0/mlflow</c> (SDKs) and
/// <c>/ajax-api/2.0/mlflow</c> (web UIs), plus Argus's downsampled metric history for charts under
/// <c>/api/2.0/argus</c> and <c>/ajax-api/2.0/argus</c>. Handlers parse, call the store, and write the reply.
/// </summary>
public static class TrackingEndpoints
{
    public static readonly string[] Prefixes = ["/api/2.0/mlflow", "/ajax-api/2.0/mlflow"];

    public static IEndpointRouteBuilder MapTrackingEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in Prefixes)
        {
            var api = app.MapGroup(prefix);
            api.MapPost("/experiments/create", CreateExperiment);
            api.MapGet("/experiments/get", GetExperiment);
            api.MapGet("/experiments/get-by-name", GetExperimentByName);
            api.MapPost("/experiments/search", SearchExperimentsPost);
            api.MapGet("/experiments/search", SearchExperimentsGet);
            api.MapPost("/experiments/update", UpdateExperiment);
            api.MapPost("/experiments/delete", DeleteExperiment);
            api.MapPost("/experiments/restore", RestoreExperiment);
            api.MapPost("/experiments/set-experiment-tag", SetExperimentTag);
            api.MapPost("/experiments/delete-experiment-tag", DeleteExperimentTag);
            api.MapPost("/runs/create", CreateRun);
            api.MapGet("/runs/get", GetRun);
            api.MapPost("/runs/update", UpdateRun);
            api.MapPost("/runs/delete", DeleteRun);
            api.MapPost("/runs/restore", RestoreRun);
            api.MapPost("/runs/search", SearchRuns);
            api.MapPost("/runs/log-metric", LogMetric);
            api.MapPost("/runs/log-parameter", LogParam);
            api.MapPost("/runs/log-batch", LogBatch);
            api.MapPost("/runs/set-tag", SetTag);
            api.MapPost("/runs/delete-tag", DeleteTag);
            api.MapPost("/runs/log-inputs", LogInputs);
            api.MapGet("/metrics/get-history", GetMetricHistory);
        }

        foreach (var prefix in RegistryEndpoints.ArgusPrefixes)
        {
            app.MapGroup(prefix).MapGet("/metrics/get-history-downsampled", GetMetricHistoryDownsampled);
        }

        return app;
    }

    private static ITrackingStore Store(HttpContext context) => context.RequestServices.GetRequiredService<ITrackingStore>();

    private static ArgusServerOptions Options(HttpContext context) => context.RequestServices.GetRequiredService<ArgusServerOptions>();

    /// <summary>The request's JSON body within the server's JSON limit, parsed once (the permission check may have read it).</summary>
    internal static Task<T> Body<T>(HttpContext context)
        where T : class => RequestBodies.ReadOnceAsync(context, static c => ApiRequest.ReadJsonAsync<T>(c, Options(c).MaxJsonBodyBytes));

    /// <summary>As <see cref="Body{T}"/> within the large-JSON limit (log-inputs).</summary>
    internal static Task<T> LargeBody<T>(HttpContext context)
        where T : class => RequestBodies.ReadOnceAsync(context, static c => ApiRequest.ReadJsonAsync<T>(c, Options(c).MaxLargeJsonBodyBytes));

    private static async Task CreateExperiment(HttpContext context)
    {
        var request = await Body<CreateExperimentRequest>(context).ConfigureAwait(false);
        var id = await Store(context).CreateExperimentAsync(
            ApiRequest.Required(request.Name, "name"), request.ArtifactLocation, ApiRequest.Tags(request.Tags), context.RequestAborted).ConfigureAwait(false);
        await AuthContext.GrantCreatorAsync(context, ResourceKind.Experiment, id).ConfigureAwait(false);
        await ApiResponse.JsonAsync(context, new CreateExperimentResponse(id)).ConfigureAwait(false);
    }

    private static async Task GetExperiment(HttpContext context)
    {
        var id = ApiRequest.QueryRequired(context, "experiment_id");
        var experiment = await Store(context).GetExperimentAsync(id, context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.JsonAsync(context, new ExperimentResponse(experiment)).ConfigureAwait(false);
    }

    private static async Task GetExperimentByName(HttpContext context)
    {
        var name = ApiRequest.QueryRequired(context, "experiment_name");
        var experiment = await Store(context).GetExperimentByNameAsync(name, context.RequestAborted).ConfigureAwait(false)
            ?? throw ArgusException.NotFound($"Could not find experiment with name '{name}'");
        await ApiResponse.JsonAsync(context, new ExperimentResponse(experiment)).ConfigureAwait(false);
    }

    private static async Task SearchExperimentsPost(HttpContext context)
    {
        var request = await Body<SearchExperimentsRequest>(context).ConfigureAwait(false);
        await SearchExperimentsAsync(context, request).ConfigureAwait(false);
    }

    private static Task SearchExperimentsGet(HttpContext context)
    {
        var view = ApiRequest.Query(context, "view_type");
        var request = new SearchExperimentsRequest(
            ApiRequest.QueryInt(context, "max_results"),
            ApiRequest.Query(context, "page_token"),
            ApiRequest.Query(context, "filter"),
            ApiRequest.QueryAll(context, "order_by"),
            string.IsNullOrEmpty(view) ? null : ParseViewType(view));
        return SearchExperimentsAsync(context, request);
    }

    private static async Task SearchExperimentsAsync(HttpContext context, SearchExperimentsRequest request)
    {
        var page = await Store(context).SearchExperimentsAsync(new ExperimentSearch
        {
            MaxResults = request.MaxResults ?? ExperimentSearch.DefaultMaxResults,
            PageToken = request.PageToken,
            Filter = request.Filter,
            OrderBy = request.OrderBy ?? [],
            ViewType = request.ViewType ?? ViewType.ActiveOnly,
            Readable = AuthContext.ReadFilter(context),
        }, context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.JsonAsync(context, new SearchExperimentsResponse(page.Items, page.NextPageToken)).ConfigureAwait(false);
    }

    private static async Task UpdateExperiment(HttpContext context)
    {
        var request = await Body<UpdateExperimentRequest>(context).ConfigureAwait(false);
        await Store(context).RenameExperimentAsync(
            ApiRequest.Required(request.ExperimentId, "experiment_id"), ApiRequest.Required(request.NewName, "new_name"), context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task DeleteExperiment(HttpContext context)
    {
        var request = await Body<ExperimentIdRequest>(context).ConfigureAwait(false);
        await Store(context).DeleteExperimentAsync(ApiRequest.Required(request.ExperimentId, "experiment_id"), context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task RestoreExperiment(HttpContext context)
    {
        var request = await Body<ExperimentIdRequest>(context).ConfigureAwait(false);
        await Store(context).RestoreExperimentAsync(ApiRequest.Required(request.ExperimentId, "experiment_id"), context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task SetExperimentTag(HttpContext context)
    {
        var request = await Body<SetExperimentTagRequest>(context).ConfigureAwait(false);
        await Store(context).SetExperimentTagAsync(
            ApiRequest.Required(request.ExperimentId, "experiment_id"),
            ApiRequest.Required(request.Key, "key"),
            request.Value ?? throw ArgusException.MissingParameter("value"),
            context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task DeleteExperimentTag(HttpContext context)
    {
        var request = await Body<DeleteExperimentTagRequest>(context).ConfigureAwait(false);
        await Store(context).DeleteExperimentTagAsync(
            ApiRequest.Required(request.ExperimentId, "experiment_id"), ApiRequest.Required(request.Key, "key"), context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task CreateRun(HttpContext context)
    {
        var request = await Body<CreateRunRequest>(context).ConfigureAwait(false);
        var run = await Store(context).CreateRunAsync(new RunCreation
        {
            ExperimentId = string.IsNullOrEmpty(request.ExperimentId) ? Experiment.DefaultId : request.ExperimentId,
            RunName = request.RunName,

            // With authentication on, runs are the signed-in user's, whatever the request claims.
            UserId = AuthContext.User(context)?.Name ?? request.UserId,
            StartTime = request.StartTime,
            Tags = ApiRequest.Tags(request.Tags),
        }, context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.JsonAsync(context, new RunResponse(run)).ConfigureAwait(false);
    }

    private static async Task GetRun(HttpContext context)
    {
        var id = ApiRequest.Required(ApiRequest.Query(context, "run_id") ?? ApiRequest.Query(context, "run_uuid"), "run_id");
        var run = await Store(context).GetRunAsync(id, context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.JsonAsync(context, new RunResponse(run)).ConfigureAwait(false);
    }

    private static async Task UpdateRun(HttpContext context)
    {
        var request = await Body<UpdateRunRequest>(context).ConfigureAwait(false);
        var id = ApiRequest.Required(request.RunId ?? request.RunUuid, "run_id");
        var info = await Store(context).UpdateRunAsync(id, new RunUpdate(request.Status, request.EndTime, request.RunName), context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.JsonAsync(context, new UpdateRunResponse(info)).ConfigureAwait(false);
    }

    private static async Task DeleteRun(HttpContext context)
    {
        var request = await Body<RunIdRequest>(context).ConfigureAwait(false);
        await Store(context).DeleteRunAsync(ApiRequest.Required(request.RunId ?? request.RunUuid, "run_id"), context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task RestoreRun(HttpContext context)
    {
        var request = await Body<RunIdRequest>(context).ConfigureAwait(false);
        await Store(context).RestoreRunAsync(ApiRequest.Required(request.RunId ?? request.RunUuid, "run_id"), context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task SearchRuns(HttpContext context)
    {
        var request = await Body<SearchRunsRequest>(context).ConfigureAwait(false);

        // Runs only of experiments the caller may read; asking for others finds nothing there.
        var experimentIds = await AuthContext.ReadableExperimentsAsync(context, request.ExperimentIds ?? []).ConfigureAwait(false);
        if (experimentIds.Count == 0 && request.ExperimentIds is { Count: > 0 })
        {
            await ApiResponse.JsonAsync(context, new SearchRunsResponse([], null)).ConfigureAwait(false);
            return;
        }

        var page = await Store(context).SearchRunsAsync(new RunSearch
        {
            ExperimentIds = experimentIds,
            Filter = request.Filter,
            ViewType = request.RunViewType ?? ViewType.ActiveOnly,
            MaxResults = request.MaxResults ?? RunSearch.DefaultMaxResults,
            OrderBy = request.OrderBy ?? [],
            PageToken = request.PageToken,
        }, context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.JsonAsync(context, new SearchRunsResponse(page.Items, page.NextPageToken)).ConfigureAwait(false);
    }

    private static async Task LogMetric(HttpContext context)
    {
        var request = await Body<LogMetricRequest>(context).ConfigureAwait(false);
        var id = ApiRequest.Required(request.RunId ?? request.RunUuid, "run_id");
        var metric = ToMetric(new MetricMessage(request.Key, request.Value, request.Timestamp, request.Step));
        await Store(context).LogBatchAsync(id, [metric], [], [], context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task LogParam(HttpContext context)
    {
        var request = await Body<LogParamRequest>(context).ConfigureAwait(false);
        var id = ApiRequest.Required(request.RunId ?? request.RunUuid, "run_id");
        var param = new Param(ApiRequest.Required(request.Key, "key"), request.Value ?? throw ArgusException.MissingParameter("value"));
        await Store(context).LogBatchAsync(id, [], [param], [], context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task LogBatch(HttpContext context)
    {
        var request = await Body<LogBatchRequest>(context).ConfigureAwait(false);
        var id = ApiRequest.Required(request.RunId, "run_id");
        var metrics = request.Metrics is { Count: > 0 } ms ? new Metric[ms.Count] : [];
        for (var i = 0; i < metrics.Length; i++)
        {
            metrics[i] = ToMetric(request.Metrics![i]);
        }

        var parameters = (request.Params ?? []).Select(p => new Param(
            p.Key ?? throw ArgusException.InvalidParameter("A key name must be provided for every param."),
            p.Value ?? throw ArgusException.MissingParameter("params.value"))).ToList();
        var tags = ApiRequest.Tags(request.Tags);
        await Store(context).LogBatchAsync(id, metrics, parameters, tags, context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task SetTag(HttpContext context)
    {
        var request = await Body<SetTagRequest>(context).ConfigureAwait(false);
        var id = ApiRequest.Required(request.RunId ?? request.RunUuid, "run_id");
        var tag = new Tag(ApiRequest.Required(request.Key, "key"), request.Value ?? throw ArgusException.MissingParameter("value"));
        await Store(context).LogBatchAsync(id, [], [], [tag], context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task DeleteTag(HttpContext context)
    {
        var request = await Body<DeleteTagRequest>(context).ConfigureAwait(false);
        await Store(context).DeleteTagAsync(ApiRequest.Required(request.RunId, "run_id"), ApiRequest.Required(request.Key, "key"), context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task LogInputs(HttpContext context)
    {
        var request = await LargeBody<LogInputsRequest>(context).ConfigureAwait(false);
        var id = ApiRequest.Required(request.RunId, "run_id");
        var inputs = (request.Datasets ?? []).Select(d =>
        {
            var ds = d.Dataset ?? throw ArgusException.MissingParameter("datasets.dataset");
            return new DatasetInput(
                ApiRequest.Tags(d.Tags),
                new Dataset(
                    ApiRequest.Required(ds.Name, "dataset.name"),
                    ApiRequest.Required(ds.Digest, "dataset.digest"),
                    ApiRequest.Required(ds.SourceType, "dataset.source_type"),
                    ApiRequest.Required(ds.Source, "dataset.source"),
                    ds.Schema,
                    ds.Profile));
        }).ToList();
        await Store(context).LogInputsAsync(id, inputs, context.RequestAborted).ConfigureAwait(false);
        await ApiResponse.EmptyAsync(context).ConfigureAwait(false);
    }

    private static async Task GetMetricHistory(HttpContext context)
    {
        var id = ApiRequest.Required(ApiRequest.Query(context, "run_id") ?? ApiRequest.Query(context, "run_uuid"), "run_id");
        var key = ApiRequest.QueryRequired(context, "metric_key");
        var page = await Store(context).GetMetricHistoryAsync(
            id, key, ApiRequest.QueryInt(context, "max_results"), ApiRequest.Query(context, "page_token"), context.RequestAborted).ConfigureAwait(false);
        await MetricHistoryJson.WriteAsync(context, page).ConfigureAwait(false);
    }

    // get-history's reply shape, thinned by LTTB to max_points (default 1000) along x_axis (step or timestamp).
    private static async Task GetMetricHistoryDownsampled(HttpContext context)
    {
        var id = ApiRequest.Required(ApiRequest.Query(context, "run_id") ?? ApiRequest.Query(context, "run_uuid"), "run_id");
        var key = ApiRequest.QueryRequired(context, "metric_key");
        var maxPoints = MetricDownsampler.MaxPoints(ApiRequest.QueryInt(context, "max_points"));
        var axis = MetricDownsampler.Axis(ApiRequest.Query(context, "x_axis"));
        var points = await MetricDownsampler.DownsampleAsync(
            Store(context), id, key, maxPoints, axis, context.RequestAborted, context.RequestServices.GetRequiredService<DownsampleCache>()).ConfigureAwait(false);
        await MetricHistoryJson.WriteAsync(context, new Page<Metric>(points, null)).ConfigureAwait(false);
    }

    private static Metric ToMetric(MetricMessage m) => new(
        m.Key ?? throw ArgusException.InvalidParameter("A key name must be provided for every metric."),
        m.Value ?? throw ArgusException.MissingParameter("value"),
        m.Timestamp ?? throw ArgusException.MissingParameter("timestamp"),
        m.Step ?? 0);

    private static ViewType ParseViewType(string text) => text.ToUpperInvariant() switch
    {
        "ACTIVE_ONLY" or "1" => ViewType.ActiveOnly,
        "DELETED_ONLY" or "2" => ViewType.DeletedOnly,
        "ALL" or "3" => ViewType.All,
        _ => throw ArgusException.InvalidParameter($"Invalid value \"{text}\" for parameter 'view_type' supplied: expected ACTIVE_ONLY, DELETED_ONLY or ALL."),
    };
}
