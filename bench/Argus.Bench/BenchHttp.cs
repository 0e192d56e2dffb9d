using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Argus.Bench;

/// <summary>
/// One benchmark client: its own <see cref="SocketsHttpHandler"/> (so its own keep-alive
/// connection), sending pre-serialized JSON bodies and checking every status code.
/// </summary>
internal sealed class BenchHttp : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    public BenchHttp(Uri baseUri)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 1,
        };
        _http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(120) };
    }

    public const string Api = "api/2.0/mlflow/";

    /// <summary>POSTs a body and returns the reply bytes; throws on any status but 200.</summary>
    public async Task<byte[]> PostAsync(string path, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync(Api + path, content, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.OK
            ? bytes
            : throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(bytes)}");
    }

    public async Task<byte[]> GetAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(Api + pathAndQuery, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.OK
            ? bytes
            : throw new InvalidOperationException($"GET {pathAndQuery} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(bytes)}");
    }

    /// <summary>Times one call: milliseconds and the reply length.</summary>
    public static async Task<(double Ms, int Bytes)> TimeAsync(Func<Task<byte[]>> call)
    {
        var start = Stopwatch.GetTimestamp();
        var reply = await call().ConfigureAwait(false);
        return (Stopwatch.GetElapsedTime(start).TotalMilliseconds, reply.Length);
    }

    public void Dispose() => _http.Dispose();
}
