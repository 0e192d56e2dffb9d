using System.Net;
using Argus.Server.Endpoints;
using Argus.Server.Hosting;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Server.Endpoints;

/// <summary>
/// The UI's files at "/": index.html for app paths, assets with their content types and cache headers, the JSON 404
/// kept for the API prefixes, and a page saying how to build the UI when it was not built.
/// </summary>
public sealed class UiEndpointsTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/experiments/1")]
    [InlineData("/some/app/path")]
    public async Task AppPath_AnswersIndexHtmlThatMustBeRevalidated(string path)
    {
        using var response = await server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script type=\"module\" src=\"/app.js?v=", html, StringComparison.Ordinal);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Cross-Origin-Opener-Policy")));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("sandbox", policy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app.js", "text/javascript")]
    [InlineData("app.css", "text/css")]
    public async Task Asset_WithVersionQuery_IsImmutableWithItsContentType(string file, string type)
    {
        var index = await server.Client.GetStringAsync("/");
        var start = index.IndexOf($"/{file}?v=", StringComparison.Ordinal);
        var url = index[start..index.IndexOf('"', start)];

        using var response = await server.Client.GetAsync(url);
        using var unversioned = await server.Client.GetAsync("/" + file);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(UiEndpoints.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(unversioned.Headers.CacheControl?.NoCache);
        Assert.Equal(await response.Content.ReadAsByteArrayAsync(), await unversioned.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ChartChunks_ImportedByTheApp_AreServedImmutableAsJavaScript()
    {
        var index = await server.Client.GetStringAsync("/");
        var start = index.IndexOf("/app.js?v=", StringComparison.Ordinal);
        var app = await server.Client.GetStringAsync(index[start..index.IndexOf('"', start)]);

        // ECharts is not in the app itself: the pages import their charts as chunks named by their content.
        Assert.DoesNotContain("echarts", app, StringComparison.OrdinalIgnoreCase);
        var chunks = System.Text.RegularExpressions.Regex.Matches(app, @"\./chunks/[A-Za-z0-9_-]+\.js").Select(m => m.Value[1..]).Distinct().ToList();
        Assert.Contains(chunks, c => c.StartsWith("/chunks/chart-", StringComparison.Ordinal));
        foreach (var chunk in chunks)
        {
            using var response = await server.Client.GetAsync(chunk);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        }
    }

    [Fact]
    public async Task Asset_IfNoneMatchItsETag_304()
    {
        using var first = await server.Client.GetAsync("/app.css");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/app.css");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var again = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/2.0/mlflow/no-such-route")]
    [InlineData("GET", "/ajax-api/2.0/mlflow/nope")]
    [InlineData("GET", "/api")]
    [InlineData("GET", "/API/whatever")]
    [InlineData("GET", "/serving")]
    [InlineData("GET", "/metrics/sub")]
    [InlineData("GET", "/health/x")]
    [InlineData("GET", "/missing.js")]
    [InlineData("GET", "/.hidden")]
    [InlineData("POST", "/")]
    [InlineData("DELETE", "/experiments")]
    public async Task ApiPrefixesMissingFilesAndOtherMethods_KeepTheJson404(string method, string path)
    {
        var reply = await server.SendAsync(new HttpMethod(method), path, null);

        reply.AssertError(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
    }

    [Fact]
    public async Task ApiRoutes_AreNotShadowed()
    {
        Assert.Equal("OK", await server.Client.GetStringAsync("/health"));
        (await server.GetAsync(ServerFixture.Api + "/experiments/get?experiment_id=0")).AssertOk();
        using var metrics = await server.Client.GetAsync("/metrics");
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UiNotBuilt_RootExplainsHowToBuildIt()
    {
        using var empty = new TempDirectory("argus-no-ui");
        await using var running = await ArgusServer.StartAsync(new ArgusServerOptions
        {
            Port = 0,
            BackendStoreUri = "sqlite:///" + empty.Combine("argus.db"),
            ArtifactsDestination = empty.Combine("artifacts"),
            WebRoot = empty.Combine("wwwroot"),
        });
        using var client = new HttpClient { BaseAddress = running.Url };

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("scripts/build-web.sh", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
