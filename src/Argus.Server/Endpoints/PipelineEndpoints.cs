using System.Text.Json;
using Argus.Core.Errors;
using Argus.Core.Pipelines.Rest;
using Argus.Core.Pipelines.Runs;
using Argus.Core.Tracking.Rest;
using Argus.Server.Hosting;

namespace Argus.Server.Endpoints;

/// <summary>
/// The pipeline store over HTTP, one route per <see cref="IPipelineStore"/> method, under <c>/api/2.0/argus/pipelines</c>
/// and <c>/ajax-api/2.0/argus/pipelines</c>: JSON in snake_case, states and triggers as lower-case words, times as Unix
/// milliseconds. A step's log is answered as <c>text/plain</c>. Runners with an <c>http(s)://</c> tracking URI record
/// their runs here, so the database's guarantees hold across every client.
/// </summary>
public static class PipelineEndpoints
{
    public static IEndpointRouteBuilder MapPipelineEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in RegistryEndpoints.ArgusPrefixes)
        {
            var api = app.MapGroup(prefix + "/pipelines");
            api.MapPost("/runs/start", StartRun);
            api.MapPost("/runs/update-step", UpdateStep);
            api.MapPost("/runs/append-log", AppendLog);
            api.MapPost("/runs/heartbeat", Heartbeat);
            api.MapPost("/runs/end", EndRun);
            api.MapGet("/runs/get", GetRun);
            api.MapGet("/runs/search", SearchRuns);
            api.MapGet("/runs/log", GetLog);
            api.MapPost("/runs/fail-abandoned", FailAbandoned);
            api.MapPost("/schedules/set", SetSchedule);
            api.MapGet("/schedules/list", ListSchedules);
            api.MapPost("/schedules/delete", DeleteSchedule);
            api.MapPost("/schedules/claim-tick", ClaimTick);
        }

        return app;
    }

    private static IPipelineStore Store(HttpContext context) => context.RequestServices.GetRequiredService<IPipelineStore>();

    private static CancellationToken Aborted(HttpContext context) => context.RequestAborted;

    // ---------------------------------------------------------------- runs

    private static async Task StartRun(HttpContext context)
    {
        var request = await BodyAsync<StartPipelineRunRequest>(context, large: true).ConfigureAwait(false);
        var run = (request.Run ?? throw ArgusException.MissingParameter("run")).ToRun();
        var started = await Store(context).StartRunAsync(run, Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new PipelineRunResponse(PipelineRunMessage.From(started))).ConfigureAwait(false);
    }

    private static async Task UpdateStep(HttpContext context)
    {
        var request = await BodyAsync<UpdatePipelineStepRequest>(context, large: true).ConfigureAwait(false);
        var step = (request.Step ?? throw ArgusException.MissingParameter("step")).ToStep();
        await Store(context).UpdateStepAsync(ApiRequest.Required(request.RunId, "run_id"), step, Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, EmptyResponse.Instance).ConfigureAwait(false);
    }

    private static async Task AppendLog(HttpContext context)
    {
        var request = await BodyAsync<AppendStepLogRequest>(context, large: true).ConfigureAwait(false);
        await Store(context).AppendStepLogAsync(
            ApiRequest.Required(request.RunId, "run_id"),
            ApiRequest.Required(request.Step, "step"),
            request.Text ?? throw ArgusException.MissingParameter("text"),
            Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, EmptyResponse.Instance).ConfigureAwait(false);
    }

    private static async Task Heartbeat(HttpContext context)
    {
        var request = await BodyAsync<PipelineHeartbeatRequest>(context).ConfigureAwait(false);
        await Store(context).HeartbeatAsync(
            ApiRequest.Required(request.RunId, "run_id"), RequiredTime(request.Heartbeat, "heartbeat"), Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, EmptyResponse.Instance).ConfigureAwait(false);
    }

    private static async Task EndRun(HttpContext context)
    {
        var request = await BodyAsync<EndPipelineRunRequest>(context).ConfigureAwait(false);
        var ended = await Store(context).EndRunAsync(
            ApiRequest.Required(request.RunId, "run_id"),
            PipelineText.ParseRunState(request.State),
            RequiredTime(request.EndTime, "end_time"),
            request.Message,
            Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new EndPipelineRunResponse(ended)).ConfigureAwait(false);
    }

    private static async Task GetRun(HttpContext context)
    {
        var run = await Store(context).GetRunAsync(ApiRequest.QueryRequired(context, "run_id"), Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new PipelineRunResponse(PipelineRunMessage.From(run))).ConfigureAwait(false);
    }

    /// <summary><c>GET runs/search?pipeline=P&amp;state=S&amp;max_results=N&amp;page_token=T</c>, newest first.</summary>
    private static async Task SearchRuns(HttpContext context)
    {
        var state = ApiRequest.Query(context, "state");
        var page = await Store(context).SearchRunsAsync(new PipelineRunQuery
        {
            Pipeline = NullIfEmpty(ApiRequest.Query(context, "pipeline")),
            State = string.IsNullOrEmpty(state) ? null : PipelineText.ParseRunState(state),
            MaxResults = ApiRequest.QueryInt(context, "max_results") ?? PipelineLimits.DefaultMaxResults,
            PageToken = NullIfEmpty(ApiRequest.Query(context, "page_token")),
        }, Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new SearchPipelineRunsResponse(page.Items.Select(PipelineRunMessage.From).ToList(), page.NextPageToken)).ConfigureAwait(false);
    }

    /// <summary><c>GET runs/log?run_id=R&amp;step=S</c>: the step's whole log as UTF-8 <c>text/plain</c> (empty when it wrote nothing).</summary>
    private static async Task GetLog(HttpContext context)
    {
        var log = await Store(context).GetStepLogAsync(ApiRequest.QueryRequired(context, "run_id"), ApiRequest.QueryRequired(context, "step"), Aborted(context)).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(log, Aborted(context)).ConfigureAwait(false);
    }

    private static async Task FailAbandoned(HttpContext context)
    {
        var request = await BodyAsync<FailAbandonedRunsRequest>(context).ConfigureAwait(false);
        var failed = await Store(context).FailAbandonedRunsAsync(
            RequiredTime(request.HeartbeatBefore, "heartbeat_before"),
            ApiRequest.Required(request.Message, "message"),
            RequiredTime(request.Now, "now"),
            Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new FailAbandonedRunsResponse(failed)).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- schedules

    private static async Task SetSchedule(HttpContext context)
    {
        var request = await BodyAsync<SetPipelineScheduleRequest>(context, large: true).ConfigureAwait(false);
        var schedule = (request.Schedule ?? throw ArgusException.MissingParameter("schedule")).ToSchedule();
        var stored = await Store(context).SetScheduleAsync(schedule, Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new PipelineScheduleResponse(PipelineScheduleMessage.From(stored))).ConfigureAwait(false);
    }

    private static async Task ListSchedules(HttpContext context)
    {
        var schedules = await Store(context).ListSchedulesAsync(Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new ListPipelineSchedulesResponse(schedules.Select(PipelineScheduleMessage.From).ToList())).ConfigureAwait(false);
    }

    private static async Task DeleteSchedule(HttpContext context)
    {
        var request = await BodyAsync<DeletePipelineScheduleRequest>(context).ConfigureAwait(false);
        var deleted = await Store(context).DeleteScheduleAsync(ApiRequest.Required(request.Pipeline, "pipeline"), Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new DeletePipelineScheduleResponse(deleted)).ConfigureAwait(false);
    }

    private static async Task ClaimTick(HttpContext context)
    {
        var request = await BodyAsync<ClaimTickRequest>(context).ConfigureAwait(false);
        var claimed = await Store(context).ClaimTickAsync(
            ApiRequest.Required(request.Pipeline, "pipeline"),
            RequiredTime(request.Tick, "tick"),
            ApiRequest.Required(request.Owner, "owner"),
            Aborted(context)).ConfigureAwait(false);
        await ReplyAsync(context, new ClaimTickResponse(claimed)).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- request and reply

    private static DateTimeOffset RequiredTime(long? millis, string name) =>
        PipelineJson.Time(millis) ?? throw ArgusException.MissingParameter(name);

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static async Task ReplyAsync<T>(HttpContext context, T value)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.BodyWriter, value, PipelineJson.Info<T>(), Aborted(context)).ConfigureAwait(false);
    }

    /// <summary>
    /// A JSON body (<c>Content-Type: application/json</c>; an empty body is <c>{}</c>), read within the server's JSON
    /// limit, or its large-JSON limit for the routes that carry definitions, outputs and logs.
    /// </summary>
    private static async Task<T> BodyAsync<T>(HttpContext context, bool large = false)
        where T : class
    {
        ApiRequest.RequireJsonContentType(context.Request);
        var options = context.RequestServices.GetRequiredService<ArgusServerOptions>();
        using var body = await ApiRequest.ReadBodyAsync(context, large ? options.MaxLargeJsonBodyBytes : options.MaxJsonBodyBytes).ConfigureAwait(false);
        return ApiRequest.Parse(body.Length == 0 ? "{}"u8 : body.Span, PipelineJson.Info<T>());
    }
}
