using System.Net;
using static Argus.Tests.Server.ServerFixture;

namespace Argus.Tests.Server.Hosting;

/// <summary>How failures reach the wire: MLflow's <c>{"error_code","message"}</c> body and status per code.</summary>
public sealed partial class ErrorHandlingMiddlewareTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("GET", "/api/2.0/mlflow/no-such-route")]
    [InlineData("POST", "/api/2.0/mlflow/runs/no-such-route")]
    [InlineData("GET", "/ajax-api/2.0/mlflow/experiments/nope")]
    [InlineData("GET", "/api/2.0/mlflow-artifacts/no-such-route")]
    [InlineData("GET", "/api/2.0/mlflow/runs/get.json")]
    [InlineData("POST", "/api/2.0/mlflow/model.bin")]
    public async Task UnknownRoute_Returns404EndpointNotFoundJson(string method, string path)
    {
        using var content = method == "POST" ? Typed("{}", "application/json") : null;

        var reply = await server.SendAsync(new HttpMethod(method), path, content);

        reply.AssertError(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
        reply.AssertMessageContains(path);
    }

    [Fact]
    public async Task ErrorBody_HasExactlyErrorCodeAndMessage()
    {
        var reply = await server.GetAsync($"{Api}/runs/get?run_id={Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal(["error_code", "message"], reply.Json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ResourceAlreadyExists_Is400Not409()
    {
        var name = UniqueName("dup");
        await server.CreateExperimentAsync(name);

        var reply = await server.PostAsync(Api + "/experiments/create", $$"""{"name":"{{name}}"}""");

        reply.AssertError(HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS");
    }

    [Fact]
    public async Task MissingRequiredQueryParameter_Returns400NamingIt()
    {
        var reply = await server.GetAsync($"{Api}/experiments/get");

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("experiment_id");
    }

    [Fact]
    public async Task InvalidRunIdCharacters_Returns400NotServerError()
    {
        var reply = await server.GetAsync($"{Api}/runs/get?run_id={Q("bad id;--")}");

        Assert.True(reply.Status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"Got {(int)reply.Status}: {reply.Text}");
        Assert.NotEqual("INTERNAL_ERROR", reply.ErrorCode);
    }
}
