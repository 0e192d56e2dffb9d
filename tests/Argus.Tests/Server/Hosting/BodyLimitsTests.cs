using System.Net;
using System.Text;

namespace Argus.Tests.Server.Hosting;

/// <summary>
/// Every route family that takes a body answers 413 REQUEST_TOO_LARGE one byte past its limit, whether the length is
/// declared or the body is chunked, and closes the connection (the rest of the body is never read), so a client's
/// next request goes out on a new connection and succeeds.
/// </summary>
public sealed class BodyLimitsTests(BodyLimitsServer limited) : IClassFixture<BodyLimitsServer>
{
    public static TheoryData<string, string, string, long, bool> Routes()
    {
        var routes = new (string Method, string Path, string ContentType, long Limit)[]
        {
            ("POST", "/api/2.0/mlflow/experiments/create", "application/json", BodyLimitsServer.Json),
            ("POST", "/ajax-api/2.0/mlflow/runs/log-batch", "application/json", BodyLimitsServer.Json),
            ("POST", "/api/2.0/mlflow/runs/log-inputs", "application/json", BodyLimitsServer.LargeJson),
            ("POST", "/api/2.0/mlflow/registered-models/create", "application/json", BodyLimitsServer.Json),
            ("PATCH", "/api/2.0/mlflow/registered-models/update", "application/json", BodyLimitsServer.Json),
            ("DELETE", "/ajax-api/2.0/mlflow/model-versions/delete", "application/json", BodyLimitsServer.Json),
            ("POST", "/api/2.0/argus/registered-models/move-aliases", "application/json", BodyLimitsServer.Json),
            ("POST", "/api/2.0/argus/pipelines/runs/start", "application/json", BodyLimitsServer.LargeJson),
            ("POST", "/ajax-api/2.0/argus/pipelines/runs/heartbeat", "application/json", BodyLimitsServer.Json),
            ("POST", "/api/v1/alerts/webhook", "application/json", BodyLimitsServer.Json),
            ("POST", "/api/2.0/argus/model-versions/predict?name=tips&version=1", "application/json", BodyLimitsServer.Json),
            ("PUT", "/api/2.0/mlflow-artifacts/artifacts/limits/file.bin", "application/octet-stream", BodyLimitsServer.Artifact),
            ("POST", "/serving/invocations", "text/csv", BodyLimitsServer.Scoring),
            ("POST", "/serving/", "application/x-www-form-urlencoded", BodyLimitsServer.Scoring),

            // Feedback's own limit is 8 MiB; Kestrel's cap (the largest route limit) stops the body first.
            ("POST", "/serving/feedback", "application/json", BodyLimitsServer.Artifact),
        };
        var data = new TheoryData<string, string, string, long, bool>();
        foreach (var (method, path, contentType, limit) in routes)
        {
            data.Add(method, path, contentType, limit, false);
            data.Add(method, path, contentType, limit, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task BodyOneBytePastTheLimit_413AndTheConnectionCloses(string method, string path, string contentType, long limit, bool chunked)
    {
        using var http = new HttpClient { BaseAddress = limited.Server.Url };
        var body = Body(contentType, limit + 1);
        using var content = chunked ? (HttpContent)new StreamContent(new NonSeekableStream(body)) : new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };

        using var response = await http.SendAsync(request);
        var reply = await WireReply.ReadAsync(response);

        reply.AssertError(HttpStatusCode.RequestEntityTooLarge, "REQUEST_TOO_LARGE");
        Assert.True(response.Headers.ConnectionClose, "A 413 must close the connection: the rest of the body is not read.");
        Assert.Equal("OK", await http.GetStringAsync("/health"));
    }

    // Found by fuzzing: a 415 for a body larger than Kestrel drains left the connection open to the client, which then
    // lost its next request when the server closed it.
    [Fact]
    public async Task RefusedBeforeReadingABodyLargerThanKestrelDrains_ConnectionCloses()
    {
        using var http = new HttpClient { BaseAddress = limited.Server.Url };
        using var content = new ByteArrayContent(new byte[BodyLimitsServer.Artifact + 1]);
        content.Headers.TryAddWithoutValidation("Content-Type", "text/csv; charset=latin1");

        using var response = await http.PostAsync("/serving/invocations", content);
        var reply = await WireReply.ReadAsync(response);

        reply.AssertError(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        Assert.True(response.Headers.ConnectionClose);
        Assert.Equal("OK", await http.GetStringAsync("/health"));
    }

    [Fact]
    public async Task RefusedBeforeReadingASmallBody_ConnectionKept()
    {
        using var http = new HttpClient { BaseAddress = limited.Server.Url };
        using var content = new StringContent("a,b\n1,2\n", Encoding.UTF8);
        content.Headers.ContentType = new("text/plain");

        using var response = await http.PostAsync("/serving/invocations", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.NotEqual(true, response.Headers.ConnectionClose);
    }

    // A body that would be read as well-formed if it were short enough, so only its size is at fault.
    private static byte[] Body(string contentType, long size)
    {
        var (head, tail) = contentType switch
        {
            "application/json" => ("{\"name\":\"", "\"}"),
            "application/x-www-form-urlencoded" => ("total_bill=", string.Empty),
            "text/csv" => ("total_bill\n", string.Empty),
            _ => (string.Empty, string.Empty),
        };
        return Encoding.ASCII.GetBytes(head + new string('1', (int)size - head.Length - tail.Length) + tail);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
