using System.Net;
using System.Text;

namespace Argus.Tests.Server.Serving;

/// <summary>
/// The form at <c>/</c> of <c>argus serve</c> answers a form it cannot read with a 400 page and one larger than the
/// scoring limit with a 413 (found by fuzzing: the form reader's limits and a broken multipart body were 500s).
/// </summary>
public sealed class PredictionFormTests(LoggedTipsModel served) : IClassFixture<LoggedTipsModel>
{
    [Fact]
    public async Task MoreFieldsThanTheFormReaderTakes_400()
    {
        var body = string.Join("&", Enumerable.Range(0, 1100).Select(i => $"f{i}=1"));

        var reply = await PostAsync(Encoding.ASCII.GetBytes(body), "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Contains("The form cannot be read", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokenMultipartBody_400()
    {
        var reply = await PostAsync("--xyz\r\nContent-Disposition: form-data; name=\"total_bill\"\r\n\r\n16"u8.ToArray(), "multipart/form-data; boundary=xyz");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
    }

    [Fact]
    public async Task FormOverTheScoringLimit_413()
    {
        var body = "total_bill=" + new string('1', (int)LoggedTipsModel.MaxBodyBytes);

        var reply = await PostAsync(Encoding.ASCII.GetBytes(body), "application/x-www-form-urlencoded");

        reply.AssertError(HttpStatusCode.RequestEntityTooLarge, "REQUEST_TOO_LARGE");
    }

    private async Task<WireReply> PostAsync(byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await served.Http.PostAsync("/", content);
        return await WireReply.ReadAsync(response);
    }
}
