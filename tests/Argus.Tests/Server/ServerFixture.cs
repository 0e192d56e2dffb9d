using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Argus.Server.Hosting;

namespace Argus.Tests.Server;

/// <summary>
/// One real Argus server (Kestrel on a free loopback port) over a SQLite file in a fresh temp
/// directory, with proxied artifacts in <see cref="ArtifactsDirectory"/>. The directory is deleted on
/// dispose. Requests go through raw <see cref="HttpClient"/> calls so tests see the exact wire bytes.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime, IAsyncDisposable
{
    public const string Api = "/api/2.0/mlflow";

    public const string ArtifactsApi = "/api/2.0/mlflow-artifacts/artifacts";

    private readonly Func<ArgusServerOptions, ArgusServerOptions>? _configure;
    private RunningServer? _server;
    private HttpClient? _client;

    public ServerFixture()
        : this(null)
    {
    }

    private ServerFixture(Func<ArgusServerOptions, ArgusServerOptions>? configure)
    {
        _configure = configure;
        RootDirectory = Path.Combine(Path.GetTempPath(), $"argus-server-tests-{Guid.NewGuid():N}");
        ArtifactsDirectory = Path.Combine(RootDirectory, "artifacts");
    }

    /// <summary>The temp directory holding the database and the artifacts directory.</summary>
    public string RootDirectory { get; }

    /// <summary>The server's <c>--artifacts-destination</c>.</summary>
    public string ArtifactsDirectory { get; }

    public Uri BaseAddress => Server.Url;

    public HttpClient Client => _client ?? throw new InvalidOperationException("The server has not been started.");

    /// <summary>The running server's services.</summary>
    public IServiceProvider Services => Server.Services;

    private RunningServer Server => _server ?? throw new InvalidOperationException("The server has not been started.");

    /// <summary>Stops the server gracefully (hosted services stopped), as Ctrl+C does; disposing stops it too.</summary>
    public Task StopAsync() => Server.StopAsync();

    /// <summary>Starts a server of its own with a small artifact limit; the caller disposes it.</summary>
    public static Task<ServerFixture> StartAsync(long maxArtifactBytes) => StartAsync(o => o with { MaxArtifactBytes = maxArtifactBytes });

    /// <summary>Starts a server of its own with options changed by <paramref name="configure"/>; the caller disposes it.</summary>
    public static async Task<ServerFixture> StartAsync(Func<ArgusServerOptions, ArgusServerOptions> configure)
    {
        var fixture = new ServerFixture(configure);
        try
        {
            await fixture.InitializeAsync();
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(RootDirectory);
        var options = new ArgusServerOptions
        {
            Port = 0,
            BackendStoreUri = "sqlite:///" + Path.Combine(RootDirectory, "argus.db"),
            ArtifactsDestination = ArtifactsDirectory,

            // Off unless a test asks for it: on the system clock it would fail the made-up running runs other tests store.
            Scheduler = new Argus.Server.Pipelines.PipelineSchedulerOptions { Enabled = false },
        };
        if (_configure is not null)
        {
            options = _configure(options);
        }

        _server = await ArgusServer.StartAsync(options);
        _client = NewClient();
    }

    /// <summary>A separate client (its own connection pool) for the same server.</summary>
    public HttpClient NewClient() => new() { BaseAddress = Server.Url, Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>Stops the server and deletes the directory; safe to call more than once.</summary>
    public async Task DisposeAsync()
    {
        _client?.Dispose();
        _client = null;
        if (_server is { } running)
        {
            _server = null;
            await running.DisposeAsync();
        }

        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file may still be held for a moment; the OS cleans temp.
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    // ------------------------------------------------------------------ raw requests

    public Task<WireReply> PostAsync(string path, string json) => PostAsync(Client, path, json);

    public static async Task<WireReply> PostAsync(HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(path, content);
        return await WireReply.ReadAsync(response);
    }

    public async Task<WireReply> GetAsync(string pathAndQuery)
    {
        using var response = await Client.GetAsync(pathAndQuery);
        return await WireReply.ReadAsync(response);
    }

    public async Task<WireReply> SendAsync(HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await Client.SendAsync(request);
        return await WireReply.ReadAsync(response);
    }

    /// <summary>A JSON body with no Content-Type header at all.</summary>
    public static ByteArrayContent Untyped(string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = null;
        return content;
    }

    public static ByteArrayContent Typed(string text, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    // ------------------------------------------------------------------ tracking helpers

    public static string Q(string value) => Uri.EscapeDataString(value);

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public async Task<string> CreateExperimentAsync(string? name = null)
    {
        var reply = await PostAsync(Api + "/experiments/create", $$"""{"name":{{JsonSerializer.Serialize(name ?? UniqueName("exp"))}}}""");
        reply.AssertOk();
        return reply.Json.GetProperty("experiment_id").GetString()!;
    }

    /// <summary>Creates a run and returns its id; <paramref name="extraFields"/> is JSON members to add.</summary>
    public async Task<string> CreateRunAsync(string experimentId, string? extraFields = null)
    {
        var extra = extraFields is null ? string.Empty : "," + extraFields;
        var reply = await PostAsync(Api + "/runs/create", $$"""{"experiment_id":"{{experimentId}}"{{extra}}}""");
        reply.AssertOk();
        return reply.Json.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }

    /// <summary>runs/get's <c>run</c> object.</summary>
    public async Task<JsonElement> GetRunAsync(string runId)
    {
        var reply = await GetAsync($"{Api}/runs/get?run_id={runId}");
        reply.AssertOk();
        return reply.Json.GetProperty("run");
    }

    /// <summary>metrics/get-history's points (all of them: no max_results).</summary>
    public async Task<List<JsonElement>> GetHistoryAsync(string runId, string key)
    {
        var reply = await GetAsync($"{Api}/metrics/get-history?run_id={runId}&metric_key={Q(key)}");
        reply.AssertOk();
        return reply.Json.TryGetProperty("metrics", out var metrics) ? [.. metrics.EnumerateArray()] : [];
    }

    public async Task LogMetricAsync(string runId, string key, double value, long timestamp, long step)
    {
        var reply = await PostAsync(Api + "/runs/log-metric",
            $$"""{"run_id":"{{runId}}","key":"{{key}}","value":{{value.ToString("R", CultureInfo.InvariantCulture)}},"timestamp":{{timestamp}},"step":{{step}}}""");
        reply.AssertOk();
    }
}
