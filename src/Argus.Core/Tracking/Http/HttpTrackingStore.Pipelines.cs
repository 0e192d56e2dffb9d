using System.Globalization;
using System.Text;
using Argus.Core.Pipelines.Rest;
using Argus.Core.Pipelines.Runs;
using Argus.Core.Tracking.Rest;

namespace Argus.Core.Tracking.Http;

/// <summary>
/// The pipeline store of an Argus server, through its routes under <c>/api/2.0/argus/pipelines/</c>: what a runner
/// pointed at <c>--tracking-uri http://…</c> records lands in the server's database, with the database's guarantees (no
/// overlap, one claim per tick) holding across every client. An MLflow server has no such routes.
/// </summary>
public sealed partial class HttpTrackingStore : IPipelineStore
{
    private const string Pipelines = "api/2.0/argus/pipelines/";

    /// <summary>
    /// The most characters one append request carries; longer texts go in several requests, in order, so a request
    /// stays well inside the server's body limit whatever the text's JSON escaping costs.
    /// </summary>
    internal const int MaxLogChunk = 1024 * 1024;

    public async Task<PipelineRun> StartRunAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var response = await PostPipelineAsync<StartPipelineRunRequest, PipelineRunResponse>("runs/start", new(PipelineRunMessage.From(run)), cancellationToken).ConfigureAwait(false);
        return response.Run.ToRun();
    }

    public Task UpdateStepAsync(string runId, StepRun step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        return PostPipelineAsync<UpdatePipelineStepRequest, EmptyResponse>("runs/update-step", new(runId, StepRunMessage.From(step)), cancellationToken);
    }

    public async Task AppendStepLogAsync(string runId, string step, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = 0;
        while (start < text.Length)
        {
            var length = Math.Min(MaxLogChunk, text.Length - start);
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                length--; // Never split a surrogate pair between two requests.
            }

            await PostPipelineAsync<AppendStepLogRequest, EmptyResponse>("runs/append-log", new(runId, step, text.Substring(start, length)), cancellationToken).ConfigureAwait(false);
            start += length;
        }
    }

    public Task HeartbeatAsync(string runId, DateTimeOffset now, CancellationToken cancellationToken) =>
        PostPipelineAsync<PipelineHeartbeatRequest, EmptyResponse>("runs/heartbeat", new(runId, PipelineJson.Millis(now)), cancellationToken);

    public async Task<bool> EndRunAsync(string runId, PipelineRunState state, DateTimeOffset endTime, string? message, CancellationToken cancellationToken)
    {
        var request = new EndPipelineRunRequest(runId, PipelineText.Of(state), PipelineJson.Millis(endTime), message);
        var response = await PostPipelineAsync<EndPipelineRunRequest, EndPipelineRunResponse>("runs/end", request, cancellationToken).ConfigureAwait(false);
        return response.Ended;
    }

    // Explicit: ITrackingStore.GetRunAsync has the same parameters.
    async Task<PipelineRun> IPipelineStore.GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        var response = await GetAsync(Pipelines + "runs/get", [new("run_id", runId)], PipelineJson.Info<PipelineRunResponse>(), cancellationToken).ConfigureAwait(false);
        return response.Run.ToRun();
    }

    public async Task<Page<PipelineRun>> SearchRunsAsync(PipelineRunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        List<KeyValuePair<string, string>> parameters = [new("max_results", query.MaxResults.ToString(CultureInfo.InvariantCulture))];
        if (query.Pipeline is not null)
        {
            parameters.Add(new("pipeline", query.Pipeline));
        }

        if (query.State is { } state)
        {
            parameters.Add(new("state", PipelineText.Of(state)));
        }

        if (!string.IsNullOrEmpty(query.PageToken))
        {
            parameters.Add(new("page_token", query.PageToken));
        }

        var response = await GetAsync(Pipelines + "runs/search", parameters, PipelineJson.Info<SearchPipelineRunsResponse>(), cancellationToken).ConfigureAwait(false);
        return new Page<PipelineRun>((response.Runs ?? []).Select(r => r.ToRun()).ToList(), NullIfEmpty(response.NextPageToken));
    }

    public async Task<string> GetStepLogAsync(string runId, string step, CancellationToken cancellationToken)
    {
        var path = $"{Pipelines}runs/log?run_id={Uri.EscapeDataString(runId ?? string.Empty)}&step={Uri.EscapeDataString(step ?? string.Empty)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, path));

        // The log is UTF-8 text/plain whatever charset a proxy might claim.
        return Encoding.UTF8.GetString(await SendForBytesAsync(request, cancellationToken).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<string>> FailAbandonedRunsAsync(DateTimeOffset heartbeatBefore, string message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var request = new FailAbandonedRunsRequest(PipelineJson.Millis(heartbeatBefore), message, PipelineJson.Millis(now));
        var response = await PostPipelineAsync<FailAbandonedRunsRequest, FailAbandonedRunsResponse>("runs/fail-abandoned", request, cancellationToken).ConfigureAwait(false);
        return response.RunIds ?? [];
    }

    public async Task<PipelineSchedule> SetScheduleAsync(PipelineSchedule schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var response = await PostPipelineAsync<SetPipelineScheduleRequest, PipelineScheduleResponse>("schedules/set", new(PipelineScheduleMessage.From(schedule)), cancellationToken).ConfigureAwait(false);
        return response.Schedule.ToSchedule();
    }

    public async Task<IReadOnlyList<PipelineSchedule>> ListSchedulesAsync(CancellationToken cancellationToken)
    {
        var response = await GetAsync(Pipelines + "schedules/list", [], PipelineJson.Info<ListPipelineSchedulesResponse>(), cancellationToken).ConfigureAwait(false);
        return (response.Schedules ?? []).Select(s => s.ToSchedule()).ToList();
    }

    public async Task<bool> DeleteScheduleAsync(string pipeline, CancellationToken cancellationToken)
    {
        var response = await PostPipelineAsync<DeletePipelineScheduleRequest, DeletePipelineScheduleResponse>("schedules/delete", new(pipeline), cancellationToken).ConfigureAwait(false);
        return response.Deleted;
    }

    public async Task<bool> ClaimTickAsync(string pipeline, DateTimeOffset tick, string owner, CancellationToken cancellationToken)
    {
        var response = await PostPipelineAsync<ClaimTickRequest, ClaimTickResponse>("schedules/claim-tick", new(pipeline, PipelineJson.Millis(tick), owner), cancellationToken).ConfigureAwait(false);
        return response.Claimed;
    }

    private Task<TResponse> PostPipelineAsync<TRequest, TResponse>(string path, TRequest body, CancellationToken cancellationToken) =>
        SendBodyAsync(HttpMethod.Post, Pipelines + path, PipelineJson.SerializeToUtf8Bytes(body), PipelineJson.Info<TResponse>(), cancellationToken);
}
