using System.Net;
using System.Text;
using static Argus.Tests.Server.ServerFixture;

namespace Argus.Tests.Server.Hosting;

/// <summary>Request bodies over the wire: Content-Type, malformed JSON, wrong types, and the 1 MB limit.</summary>
public sealed class ApiRequestTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const int JsonLimit = 1_000_000;

    [Fact]
    public async Task Post_MalformedJson_Returns400BadRequest()
    {
        var reply = await server.PostAsync(Api + "/experiments/create", """{"name": "x",""");

        reply.AssertError(HttpStatusCode.BadRequest, "BAD_REQUEST");
        reply.AssertMessageContains("Malformed JSON");
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"just a string\"")]
    public async Task Post_JsonThatIsNotAnObject_Returns400(string body)
    {
        var reply = await server.PostAsync(Api + "/experiments/create", body);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Contains(reply.ErrorCode ?? string.Empty, new[] { "BAD_REQUEST", "INVALID_PARAMETER_VALUE" });
    }

    [Theory]
    [InlineData("""{"run_id":"RUN","key":"m","value":true,"timestamp":1}""", "$.value")]
    [InlineData("""{"run_id":"RUN","key":"m","value":1,"timestamp":"abc"}""", "$.timestamp")]
    [InlineData("""{"run_id":"RUN","key":"m","value":1,"timestamp":1,"step":1.5}""", "$.step")]
    [InlineData("""{"run_id":"RUN","key":["m"],"value":1,"timestamp":1}""", "$.key")]
    public async Task LogMetric_WrongType_Returns400WithJsonPath(string body, string path)
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());

        var reply = await server.PostAsync(Api + "/runs/log-metric", body.Replace("RUN", runId, StringComparison.Ordinal));

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains(path);
        Assert.Empty(await server.GetHistoryAsync(runId, "m"));
    }

    [Fact]
    public async Task ExperimentsCreate_TagsNotAList_Returns400WithJsonPath()
    {
        var reply = await server.PostAsync(Api + "/experiments/create", $$"""{"name":"{{UniqueName("wrongtags")}}","tags":5}""");

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("$.tags");
    }

    [Fact]
    public async Task ExperimentsCreate_MissingName_Returns400MentioningName()
    {
        var reply = await server.PostAsync(Api + "/experiments/create", "{}");

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("name");
    }

    [Fact]
    public async Task Post_NoContentType_Returns400()
    {
        var reply = await server.SendAsync(HttpMethod.Post, Api + "/experiments/create", Untyped($$"""{"name":"{{UniqueName("untyped")}}"}"""));

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("Content-Type");
    }

    [Fact]
    public async Task Post_TextPlain_Returns400()
    {
        var name = UniqueName("plain");

        var reply = await server.SendAsync(HttpMethod.Post, Api + "/experiments/create", Typed($$"""{"name":"{{name}}"}""", "text/plain"));

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("text/plain");
        var lookup = await server.GetAsync($"{Api}/experiments/get-by-name?experiment_name={name}");
        Assert.Equal(HttpStatusCode.NotFound, lookup.Status);
    }

    [Fact]
    public async Task Post_JsonWithCharset_IsAccepted()
    {
        var reply = await server.SendAsync(HttpMethod.Post, Api + "/experiments/create",
            Typed($$"""{"name":"{{UniqueName("charset")}}"}""", "application/json; charset=utf-8"));

        reply.AssertOk();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LogBatch_BodyOverOneMegabyte_Returns413RequestTooLarge(bool chunked)
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());
        var body = PaddedLogBatch(runId, 1_100_000);
        using var content = chunked
            ? (HttpContent)new StreamContent(new NonSeekableStream(body))
            : new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        var reply = await server.SendAsync(HttpMethod.Post, Api + "/runs/log-batch", content);

        reply.AssertError(HttpStatusCode.RequestEntityTooLarge, "REQUEST_TOO_LARGE");
        reply.AssertMessageContains("1000000");
        Assert.Empty(await server.GetHistoryAsync(runId, "m"));
    }

    [Fact]
    public async Task LogBatch_BodyOfExactlyTheLimit_IsAccepted()
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());
        using var content = new ByteArrayContent(PaddedLogBatch(runId, JsonLimit));
        content.Headers.ContentType = new("application/json");

        var reply = await server.SendAsync(HttpMethod.Post, Api + "/runs/log-batch", content);

        reply.AssertOk();
        Assert.Single(await server.GetHistoryAsync(runId, "m"));
    }

    [Fact]
    public async Task Get_NonIntegerMaxResults_Returns400NamingTheParameter()
    {
        var reply = await server.GetAsync($"{Api}/experiments/search?max_results=ten");

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("max_results");
    }

    /// <summary>A valid log-batch body of exactly <paramref name="size"/> bytes (padded with an ignored field).</summary>
    private static byte[] PaddedLogBatch(string runId, int size)
    {
        var head = $$"""{"run_id":"{{runId}}","metrics":[{"key":"m","value":1,"timestamp":1}],"padding":" """;
        const string Tail = "\"}";
        var body = head + new string('x', size - head.Length - Tail.Length) + Tail;
        var bytes = Encoding.UTF8.GetBytes(body);
        Assert.Equal(size, bytes.Length);
        return bytes;
    }

    // Found by fuzzing: a null item of a list reached the handlers, which failed with a NullReferenceException (a 500).
    [Theory]
    [InlineData("/runs/create", """{"experiment_id":"0","tags":[null]}""", "tags")]
    [InlineData("/experiments/create", """{"name":"n","tags":[{"key":"a","value":"b"},null]}""", "tags")]
    [InlineData("/runs/search", """{"experiment_ids":[null]}""", "experiment_ids")]
    [InlineData("/registered-models/get-latest-versions", """{"name":"m","stages":[null]}""", "stages")]
    public async Task Post_NullItemInAList_Returns400NamingTheList(string route, string body, string list)
    {
        var reply = await server.PostAsync(Api + route, body);

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains($"'{list}' holds null");
    }

    [Fact]
    public async Task Post_NullFieldsOutsideLists_StillMeanUnset()
    {
        var reply = await server.PostAsync(Api + "/experiments/search", """{"filter":null,"page_token":null,"max_results":null}""");

        reply.AssertOk();
    }

    /// <summary>Hides the length so HttpClient sends the body chunked, with no Content-Length.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
