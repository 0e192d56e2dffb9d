using System.Net;
using System.Text;
using Argus.Server.Endpoints;

namespace Argus.Tests.Server.Hosting;

/// <summary>
/// Every reply of <c>argus server</c> is marked not to be sniffed, and every reply but the web UI's carries a policy
/// that runs nothing and cannot be framed, so an HTML artifact opened on its own is an inert, sandboxed document.
/// </summary>
public sealed class SecurityHeadersMiddlewareTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Sandboxed = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'none'";

    [Theory]
    [InlineData("/api/2.0/mlflow/experiments/search?max_results=1", HttpStatusCode.OK)]
    [InlineData("/api/2.0/mlflow/experiments/get?experiment_id=424242", HttpStatusCode.NotFound)]
    [InlineData("/ajax-api/2.0/mlflow/no-such-route", HttpStatusCode.NotFound)]
    [InlineData("/health", HttpStatusCode.OK)]
    [InlineData("/metrics", HttpStatusCode.OK)]
    public async Task ApiReplies_NosniffAndTheSandboxedPolicy_ErrorsIncluded(string path, HttpStatusCode status)
    {
        using var response = await server.Client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(Sandboxed, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task HtmlArtifactOpenedOnItsOwn_IsSandboxedAndNotSniffed()
    {
        var path = $"{ServerFixture.ArtifactsApi}/headers-{Guid.NewGuid():N}/report.html";
        using (var html = new ByteArrayContent(Encoding.UTF8.GetBytes("<html><script>fetch('/api/2.0/mlflow/experiments/search')</script></html>")))
        {
            (await server.SendAsync(HttpMethod.Put, path, html)).AssertOk();
        }

        using var response = await server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("sandbox", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task UiPage_KeepsTheAppPolicyNotTheSandboxedOne()
    {
        using var response = await server.Client.GetAsync("/");

        Assert.Equal(UiEndpoints.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }
}
