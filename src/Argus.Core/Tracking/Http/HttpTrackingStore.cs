using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Argus.Core.Errors;
using Argus.Core.Tracking.Rest;

namespace Argus.Core.Tracking.Http;

/// <summary>
/// The tracking store as a client of an Argus (or MLflow) server's REST API, so the SDK and CLI run
/// the same code locally and remotely. Server errors come back as <see cref="ArgusException"/>s
/// with the server's error code and message. Every request names the user (<see cref="UserId"/>) in the
/// <c>X-Argus-User</c> header, percent-encoded UTF-8; the server records it as the author of registry changes unless
/// it authenticates its callers. Credentials (<see cref="TrackingCredentials"/>) go as HTTP basic or bearer auth.
/// </summary>
public sealed partial class HttpTrackingStore : ITrackingStore
{
    /// <summary>The request header that names the user on whose behalf the client acts.</summary>
    public const string UserHeader = "X-Argus-User";

    private const string Api = "api/2.0/mlflow/";

    private readonly HttpClient _http;
    private readonly bool _ownsClient;
    private readonly string? _userHeaderValue;
    private readonly AuthenticationHeaderValue? _authorization;

    public HttpTrackingStore(Uri baseUri)
        : this(baseUri, new TrackingStoreOptions())
    {
    }

    /// <summary>A client owning its <see cref="HttpClient"/>; <see cref="TrackingStoreOptions.UserId"/> names the user.</summary>
    public HttpTrackingStore(Uri baseUri, TrackingStoreOptions options)
        : this(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(120) },
            baseUri,
            ownsClient: true,
            options?.UserId ?? Environment.UserName,
            (options?.Credentials ?? TrackingCredentials.FromEnvironment()).Header())
    {
    }

    /// <summary>A client on <paramref name="http"/>, authenticating with the credentials in the environment.</summary>
    public HttpTrackingStore(HttpClient http, Uri baseUri, bool ownsClient = false)
        : this(http, baseUri, ownsClient, Environment.UserName, TrackingCredentials.FromEnvironment().Header())
    {
    }

    private HttpTrackingStore(HttpClient http, Uri baseUri, bool ownsClient, string? userId, AuthenticationHeaderValue? authorization)
    {
        _http = http;
        _ownsClient = ownsClient;
        _authorization = authorization;
        BaseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        DisplayUri = TrackingStores.Redact(baseUri.AbsoluteUri.TrimEnd('/'));
        UserId = userId;
        _userHeaderValue = string.IsNullOrEmpty(userId) ? null : Uri.EscapeDataString(userId);
    }

    public Uri BaseUri { get; }

    public string DisplayUri { get; }

    /// <summary>The user sent with every request (null: none is sent).</summary>
    public string? UserId { get; }

    /// <summary>A client on the same connection pool acting for <paramref name="userId"/>.</summary>
    internal HttpTrackingStore ActingAs(string? userId) => new(_http, BaseUri, ownsClient: false, userId, _authorization);

    public async Task<string> CreateExperimentAsync(string name, string? artifactLocation, IReadOnlyList<Tag> tags, CancellationToken cancellationToken)
    {
        var response = await PostAsync<CreateExperimentRequest, CreateExperimentResponse>("experiments/create", new(name, artifactLocation, tags), cancellationToken).ConfigureAwait(false);
        return response.ExperimentId;
    }

    public async Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken)
    {
        var response = await GetAsync<ExperimentResponse>("experiments/get", [new("experiment_id", experimentId)], cancellationToken).ConfigureAwait(false);
        return Normalize(response.Experiment);
    }

    public async Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var response = await GetAsync<ExperimentResponse>("experiments/get-by-name", [new("experiment_name", name)], cancellationToken).ConfigureAwait(false);
            return Normalize(response.Experiment);
        }
        catch (ArgusException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            return null;
        }
    }

    public async Task<Page<Experiment>> SearchExperimentsAsync(ExperimentSearch search, CancellationToken cancellationToken)
    {
        var request = new SearchExperimentsRequest(search.MaxResults, search.PageToken, search.Filter, search.OrderBy, search.ViewType);
        var response = await PostAsync<SearchExperimentsRequest, SearchExperimentsResponse>("experiments/search", request, cancellationToken).ConfigureAwait(false);
        return new Page<Experiment>((response.Experiments ?? []).Select(Normalize).ToList(), NullIfEmpty(response.NextPageToken));
    }

    public Task RenameExperimentAsync(string experimentId, string newName, CancellationToken cancellationToken) =>
        PostAsync<UpdateExperimentRequest, EmptyResponse>("experiments/update", new(experimentId, newName), cancellationToken);

    public Task DeleteExperimentAsync(string experimentId, CancellationToken cancellationToken) =>
        PostAsync<ExperimentIdRequest, EmptyResponse>("experiments/delete", new(experimentId), cancellationToken);

    public Task RestoreExperimentAsync(string experimentId, CancellationToken cancellationToken) =>
        PostAsync<ExperimentIdRequest, EmptyResponse>("experiments/restore", new(experimentId), cancellationToken);

    public Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken) =>
        PostAsync<SetExperimentTagRequest, EmptyResponse>("experiments/set-experiment-tag", new(experimentId, key, value), cancellationToken);

    public Task DeleteExperimentTagAsync(string experimentId, string key, CancellationToken cancellationToken) =>
        PostAsync<DeleteExperimentTagRequest, EmptyResponse>("experiments/delete-experiment-tag", new(experimentId, key), cancellationToken);

    public async Task<Run> CreateRunAsync(RunCreation creation, CancellationToken cancellationToken)
    {
        var request = new CreateRunRequest(creation.ExperimentId, creation.UserId, creation.RunName, creation.StartTime, creation.Tags);
        var response = await PostAsync<CreateRunRequest, RunResponse>("runs/create", request, cancellationToken).ConfigureAwait(false);
        return Normalize(response.Run);
    }

    public async Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        var response = await GetAsync<RunResponse>("runs/get", [new("run_id", runId)], cancellationToken).ConfigureAwait(false);
        return Normalize(response.Run);
    }

    public async Task<RunInfo> UpdateRunAsync(string runId, RunUpdate update, CancellationToken cancellationToken)
    {
        var response = await PostAsync<UpdateRunRequest, UpdateRunResponse>("runs/update", new(runId, runId, update.Status, update.EndTime, update.RunName), cancellationToken).ConfigureAwait(false);
        return response.RunInfo;
    }

    public Task DeleteRunAsync(string runId, CancellationToken cancellationToken) =>
        PostAsync<RunIdRequest, EmptyResponse>("runs/delete", new(runId), cancellationToken);

    public Task RestoreRunAsync(string runId, CancellationToken cancellationToken) =>
        PostAsync<RunIdRequest, EmptyResponse>("runs/restore", new(runId), cancellationToken);

    public Task LogBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<Tag> tags, CancellationToken cancellationToken)
    {
        var request = new LogBatchRequest(
            runId,
            metrics.Select(m => new MetricMessage(m.Key, m.Value, m.Timestamp, m.Step)).ToList(),
            parameters.Select(p => new KeyValueMessage(p.Key, p.Value)).ToList(),
            tags.Select(t => new KeyValueMessage(t.Key, t.Value)).ToList());
        return PostAsync<LogBatchRequest, EmptyResponse>("runs/log-batch", request, cancellationToken);
    }

    public Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken) =>
        PostAsync<DeleteTagRequest, EmptyResponse>("runs/delete-tag", new(runId, key), cancellationToken);

    public Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken)
    {
        var request = new LogInputsRequest(runId, inputs.Select(i => new DatasetInputMessage(
            i.Tags.Select(t => new KeyValueMessage(t.Key, t.Value)).ToList(),
            new DatasetMessage(i.Dataset.Name, i.Dataset.Digest, i.Dataset.SourceType, i.Dataset.Source, i.Dataset.Schema, i.Dataset.Profile))).ToList());
        return PostAsync<LogInputsRequest, EmptyResponse>("runs/log-inputs", request, cancellationToken);
    }

    public async Task<Page<Metric>> GetMetricHistoryAsync(string runId, string metricKey, int? maxResults, string? pageToken, CancellationToken cancellationToken)
    {
        List<KeyValuePair<string, string>> query = [new("run_id", runId), new("metric_key", metricKey)];
        if (maxResults is { } max)
        {
            query.Add(new("max_results", max.ToString(CultureInfo.InvariantCulture)));
        }

        if (!string.IsNullOrEmpty(pageToken))
        {
            query.Add(new("page_token", pageToken));
        }

        var response = await GetAsync<MetricHistoryResponse>("metrics/get-history", query, cancellationToken).ConfigureAwait(false);
        return new Page<Metric>(response.Metrics ?? [], NullIfEmpty(response.NextPageToken));
    }

    public async Task<Page<Run>> SearchRunsAsync(RunSearch search, CancellationToken cancellationToken)
    {
        var request = new SearchRunsRequest(search.ExperimentIds, search.Filter, search.ViewType, search.MaxResults, search.OrderBy, search.PageToken);
        var response = await PostAsync<SearchRunsRequest, SearchRunsResponse>("runs/search", request, cancellationToken).ConfigureAwait(false);
        return new Page<Run>((response.Runs ?? []).Select(Normalize).ToList(), NullIfEmpty(response.NextPageToken));
    }

    public Task<PurgeResult> PurgeDeletedAsync(long olderThanMs, CancellationToken cancellationToken) =>
        throw new ArgusException(ErrorCode.NotImplemented,
            "Permanent deletion needs direct database access: run 'argus gc --backend-store-uri <sqlite:/// or postgresql:// URI>' where the database is reachable.");

    /// <summary>Sends a raw request to the server (artifact routes use this).</summary>
    internal async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Authorize(request);
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await ErrorFromAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }

        return response;
    }

    public ValueTask DisposeAsync()
    {
        if (_ownsClient)
        {
            _http.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest body, CancellationToken cancellationToken) =>
        SendBodyAsync(HttpMethod.Post, Api + path, TrackingJson.SerializeToUtf8Bytes(body), TrackingJson.Info<TResponse>(), cancellationToken);

    private Task<TResponse> GetAsync<TResponse>(string path, IReadOnlyList<KeyValuePair<string, string>> query, CancellationToken cancellationToken) =>
        GetAsync(Api + path, query, TrackingJson.Info<TResponse>(), cancellationToken);

    /// <summary>POST, PATCH or DELETE with a JSON body (MLflow sends bodies with all three).</summary>
    private async Task<TResponse> SendBodyAsync<TResponse>(HttpMethod method, string pathFromRoot, byte[] body, JsonTypeInfo<TResponse> reply, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(method, new Uri(BaseUri, pathFromRoot)) { Content = content };
        return await SendJsonAsync(request, reply, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET with the fields as query parameters (repeated keys for lists).</summary>
    private async Task<TResponse> GetAsync<TResponse>(string pathFromRoot, IReadOnlyList<KeyValuePair<string, string>> query, JsonTypeInfo<TResponse> reply, CancellationToken cancellationToken)
    {
        var builder = new StringBuilder(pathFromRoot);
        for (var i = 0; i < query.Count; i++)
        {
            builder.Append(i == 0 ? '?' : '&').Append(Uri.EscapeDataString(query[i].Key)).Append('=').Append(Uri.EscapeDataString(query[i].Value));
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, builder.ToString()));
        return await SendJsonAsync(request, reply, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TResponse> SendJsonAsync<TResponse>(HttpRequestMessage request, JsonTypeInfo<TResponse> reply, CancellationToken cancellationToken)
    {
        var bytes = await SendForBytesAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(bytes, reply)
                ?? throw new ArgusException(ErrorCode.InternalError, $"The tracking server at {DisplayUri} sent an empty reply.");
        }
        catch (JsonException e)
        {
            throw new ArgusException(ErrorCode.InternalError, $"The tracking server at {DisplayUri} sent a reply that is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Sends <paramref name="request"/> as this client's user and returns the successful reply's body; a failure becomes the server's error.</summary>
    private async Task<byte[]> SendForBytesAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Authorize(request);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ArgusException(ErrorCode.TemporarilyUnavailable, $"Cannot reach the tracking server at {DisplayUri}: {e.Message}", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorFromAsync(response, cancellationToken).ConfigureAwait(false);
            }

            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Names the user and adds the credentials, unless the request has its own.</summary>
    private void Authorize(HttpRequestMessage request)
    {
        if (_userHeaderValue is not null && !request.Headers.Contains(UserHeader))
        {
            request.Headers.TryAddWithoutValidation(UserHeader, _userHeaderValue);
        }

        if (_authorization is not null && request.Headers.Authorization is null)
        {
            request.Headers.Authorization = _authorization;
        }
    }

    private static async Task<ArgusException> ErrorFromAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var error = TrackingJson.Deserialize<ErrorResponse>(Encoding.UTF8.GetBytes(text));
            if (error is not null && !string.IsNullOrEmpty(error.ErrorCode))
            {
                return new ArgusException(ErrorCodes.FromWireName(error.ErrorCode, status), error.Message);
            }
        }
        catch (JsonException)
        {
            // Not an MLflow error body (a proxy's HTML page, say): report the status and text below.
        }

        var reason = response.StatusCode == HttpStatusCode.NotFound ? "endpoint not found" : response.ReasonPhrase;
        return new ArgusException(ErrorCodes.FromWireName(null, status), $"HTTP {status} ({reason}) from the tracking server: {Truncate(text)}");
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "...";

    private static string? NullIfEmpty(string? token) => string.IsNullOrEmpty(token) ? null : token;

    // Proto JSON omits empty lists; the domain types always carry lists.
    private static Experiment Normalize(Experiment e) => e with { Tags = e.Tags ?? [] };

    private static Run Normalize(Run run) => new(
        run.Info,
        run.Data is null ? RunData.Empty : new RunData(run.Data.Metrics ?? [], run.Data.Params ?? [], run.Data.Tags ?? []),
        run.Inputs is null ? RunInputs.Empty : new RunInputs((run.Inputs.DatasetInputs ?? []).Select(i => i with { Tags = i.Tags ?? [] }).ToList()));
}
