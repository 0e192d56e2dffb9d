using System.Net;
using System.Text;
using System.Text.Json;

namespace Argus.Tests.Server;

/// <summary>An HTTP reply as it came off the wire: status, content type, raw bytes and text.</summary>
public sealed record WireReply(HttpStatusCode Status, string? ContentType, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The body parsed as JSON (throws if it is not JSON, which fails the test).</summary>
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }

    public string? ErrorCode => Json.GetProperty("error_code").GetString();

    public string Message => Json.GetProperty("message").GetString() ?? string.Empty;

    public static async Task<WireReply> ReadAsync(HttpResponseMessage response) =>
        new(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync());

    /// <summary>Fails with the body in the message unless the status is 200.</summary>
    public void AssertOk()
    {
        if (Status != HttpStatusCode.OK)
        {
            Assert.Fail($"Expected 200 OK but got {(int)Status} {Status}: {Text}");
        }
    }

    /// <summary>Asserts an MLflow error reply: the status, a JSON body with exactly this error_code, and a message.</summary>
    public void AssertError(HttpStatusCode status, string errorCode)
    {
        Assert.True(Status == status, $"Expected {(int)status} {errorCode} but got {(int)Status}: {Text}");
        Assert.Equal("application/json", ContentType);
        Assert.Equal(errorCode, ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(Message), "The error message is empty.");
    }

    /// <summary>Asserts the error message names <paramref name="fragment"/>.</summary>
    public void AssertMessageContains(string fragment) =>
        Assert.True(Message.Contains(fragment, StringComparison.Ordinal), $"Expected the message to mention '{fragment}', got: {Message}");
}
