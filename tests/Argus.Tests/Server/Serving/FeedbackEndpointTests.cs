using System.Net;
using System.Text;

namespace Argus.Tests.Server.Serving;

/// <summary><c>POST /feedback</c> refuses what it cannot store with a 400.</summary>
public sealed class FeedbackEndpointTests(LoggedTipsModel served) : IClassFixture<LoggedTipsModel>
{
    // The lazy decoding the fuzzer found in /invocations: JsonDocument threw InvalidOperationException (a 500) for these.
    [Theory]
    [InlineData("""{"request_id":"r-\ud800","actual":1}""")]
    [InlineData("""{"request_id":"r-1","actual":"\udc00"}""")]
    [InlineData("""[{"request_id":"r-1","actual":["a\ud800b"]}]""")]
    public async Task UnpairedSurrogateEscape_400BadRequest(string body)
    {
        var reply = await PostAsync(body);

        reply.AssertError(HttpStatusCode.BadRequest, "BAD_REQUEST");
        reply.AssertMessageContains("surrogate");
    }

    [Theory]
    [InlineData("""{"request_id":"r-1","actual":1e999}""")]
    [InlineData("""[{"request_id":"r-1","actual":[1,-1e400]}]""")]
    public async Task NumberOutOfRange_400NamingFiniteNumbers(string body)
    {
        var reply = await PostAsync(body);

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("finite");
    }

    [Fact]
    public async Task FiniteFeedback_Accepted()
    {
        using var content = new StringContent("""{"request_id":"r-ok","actual":1e300}""", Encoding.UTF8, "application/json");

        using var response = await served.Http.PostAsync("/feedback", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"accepted":1}""", await response.Content.ReadAsStringAsync());
    }

    private async Task<WireReply> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await served.Http.PostAsync("/feedback", content);
        return await WireReply.ReadAsync(response);
    }
}
