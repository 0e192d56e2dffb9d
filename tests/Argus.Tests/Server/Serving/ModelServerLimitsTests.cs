using System.Net;
using System.Text;

namespace Argus.Tests.Server.Serving;

/// <summary><c>argus serve</c> applies its <see cref="Argus.Server.Hosting.HttpLimits"/> and security headers like <c>argus server</c>.</summary>
public sealed class ModelServerLimitsTests(LoggedTipsModel served) : IClassFixture<LoggedTipsModel>
{
    [Fact]
    public async Task MoreHeadersThanTheLimit_431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ping");
        for (var i = 0; i <= LoggedTipsModel.MaxHeaderCount; i++)
        {
            request.Headers.TryAddWithoutValidation($"X-Extra-{i}", "1");
        }

        using var response = await served.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task ScoringReply_IsNotSniffedNorFramed()
    {
        using var content = new StringContent("""{"instances": [[16.99, "Female", "No", "Sun", "Dinner", 2]]}""", Encoding.UTF8, "application/json");

        using var response = await served.Http.PostAsync("/invocations", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Form_KeepsItsOwnPolicyWithInlineStylesAndNoFraming()
    {
        using var response = await served.Http.GetAsync("/");

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("style-src 'unsafe-inline'", policy, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("sandbox", policy, StringComparison.Ordinal);
    }
}
