using System.Net;
using System.Text;
using System.Text.Json;
using static Argus.Tests.Server.ServerFixture;

namespace Argus.Tests.Server.Endpoints;

/// <summary>
/// The model registry REST API over a real server, byte for byte as MLflow clients see it: PATCH and
/// DELETE with JSON bodies, GET with query strings, proto-JSON replies, MLflow's error bodies and
/// statuses, both API prefixes, and the Argus routes (alias compare-and-set, audit history).
/// </summary>
public sealed class RegistryEndpointsTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Argus = "/api/2.0/argus";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<WireReply> PatchAsync(string path, string json) => server.SendAsync(HttpMethod.Patch, path, Json(json));

    private Task<WireReply> DeleteAsync(string path, string json) => server.SendAsync(HttpMethod.Delete, path, Json(json));

    private async Task<WireReply> SendAsUserAsync(HttpMethod method, string path, string? json, string user)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Json(json) };
        request.Headers.Add("X-Argus-User", Uri.EscapeDataString(user));
        using var response = await server.Client.SendAsync(request);
        return await WireReply.ReadAsync(response);
    }

    private async Task<string> NewModelAsync(string prefix = Api)
    {
        var name = UniqueName("model");
        (await server.PostAsync(prefix + "/registered-models/create", $$"""{"name":"{{name}}"}""")).AssertOk();
        return name;
    }

    private async Task NewVersionAsync(string name, string source = "s3://bucket/m", string prefix = Api) =>
        (await server.PostAsync(prefix + "/model-versions/create", $$"""{"name":"{{name}}","source":"{{source}}"}""")).AssertOk();

    private static void AssertEmptyObject(WireReply reply)
    {
        reply.AssertOk();
        Assert.Equal("application/json", reply.ContentType);
        Assert.Equal(JsonValueKind.Object, reply.Json.ValueKind);
        Assert.Empty(reply.Json.EnumerateObject());
    }

    // ------------------------------------------------------------------ routes and prefixes

    [Theory]
    [InlineData("/api/2.0/mlflow", "/api/2.0/argus")]
    [InlineData("/ajax-api/2.0/mlflow", "/ajax-api/2.0/argus")]
    public async Task EveryRoute_UnderEitherPrefix_IsServed(string prefix, string argus)
    {
        var name = UniqueName("prefix");
        var renamed = name + "-renamed";
        WireReply[] replies =
        [
            await server.PostAsync(prefix + "/registered-models/create", $$"""{"name":"{{name}}","tags":[{"key":"k","value":"v"}]}"""),
            await server.GetAsync($"{prefix}/registered-models/get?name={name}"),
            await server.PostAsync(prefix + "/registered-models/rename", $$"""{"name":"{{name}}","new_name":"{{renamed}}"}"""),
            await PatchAsync(prefix + "/registered-models/update", $$"""{"name":"{{renamed}}","description":"d"}"""),
            await server.GetAsync($"{prefix}/registered-models/search?filter={Q($"name = '{renamed}'")}"),
            await server.PostAsync(prefix + "/registered-models/set-tag", $$"""{"name":"{{renamed}}","key":"a","value":"b"}"""),
            await DeleteAsync(prefix + "/registered-models/delete-tag", $$"""{"name":"{{renamed}}","key":"a"}"""),
            await server.PostAsync(prefix + "/model-versions/create", $$"""{"name":"{{renamed}}","source":"s3://b/m"}"""),
            await server.GetAsync($"{prefix}/model-versions/get?name={renamed}&version=1"),
            await PatchAsync(prefix + "/model-versions/update", $$"""{"name":"{{renamed}}","version":"1","description":"d"}"""),
            await server.GetAsync($"{prefix}/model-versions/search?filter={Q($"name = '{renamed}'")}"),
            await server.PostAsync(prefix + "/model-versions/transition-stage", $$"""{"name":"{{renamed}}","version":"1","stage":"Staging","archive_existing_versions":false}"""),
            await server.GetAsync($"{prefix}/model-versions/get-download-uri?name={renamed}&version=1"),
            await server.PostAsync(prefix + "/model-versions/set-tag", $$"""{"name":"{{renamed}}","version":"1","key":"a","value":"b"}"""),
            await DeleteAsync(prefix + "/model-versions/delete-tag", $$"""{"name":"{{renamed}}","version":"1","key":"a"}"""),
            await server.PostAsync(prefix + "/registered-models/get-latest-versions", $$"""{"name":"{{renamed}}"}"""),
            await server.GetAsync($"{prefix}/registered-models/get-latest-versions?name={renamed}"),
            await server.PostAsync(prefix + "/registered-models/alias", $$"""{"name":"{{renamed}}","alias":"champion","version":"1"}"""),
            await server.GetAsync($"{prefix}/registered-models/alias?name={renamed}&alias=champion"),
            await server.PostAsync(argus + "/registered-models/move-aliases", $$"""{"name":"{{renamed}}","moves":[{"alias":"previous","version":"1"}],"expected":[{"alias":"champion","version":"1"}]}"""),
            await server.GetAsync($"{argus}/registered-models/history?name={renamed}"),
            await DeleteAsync(prefix + "/registered-models/alias", $$"""{"name":"{{renamed}}","alias":"champion"}"""),
            await DeleteAsync(prefix + "/model-versions/delete", $$"""{"name":"{{renamed}}","version":"1"}"""),
            await DeleteAsync(prefix + "/registered-models/delete", $$"""{"name":"{{renamed}}"}"""),
        ];

        Assert.All(replies, r => r.AssertOk());
        Assert.Equal(3, replies[20].Json.GetProperty("events").GetArrayLength());
        (await server.GetAsync($"{prefix}/registered-models/get?name={renamed}")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Prefixes_WriteThroughOneReadThroughOther_SeeTheSameData()
    {
        var name = await NewModelAsync("/ajax-api/2.0/mlflow");
        await NewVersionAsync(name, prefix: "/ajax-api/2.0/mlflow");
        var viaApi = await server.GetAsync($"{Api}/model-versions/get?name={name}&version=1");
        var viaAjax = await server.GetAsync($"/ajax-api/2.0/mlflow/model-versions/get?name={name}&version=1");
        viaApi.AssertOk();
        Assert.Equal(viaApi.Text, viaAjax.Text);
    }

    // ------------------------------------------------------------------ reply shapes

    [Fact]
    public async Task CreateRegisteredModel_Reply_IsProtoJsonWithEmptyFieldsOmitted()
    {
        var name = UniqueName("shape");
        var reply = await server.PostAsync(Api + "/registered-models/create", $$"""{"name":"{{name}}"}""");
        reply.AssertOk();
        var model = reply.Json.GetProperty("registered_model");
        Assert.Equal(name, model.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Number, model.GetProperty("creation_timestamp").ValueKind);
        Assert.Equal(JsonValueKind.Number, model.GetProperty("last_updated_timestamp").ValueKind);
        Assert.Equal(["creation_timestamp", "last_updated_timestamp", "name"], model.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task ModelVersion_Reply_VersionAsStringTimestampsAsNumbersAliasesAndTags()
    {
        var name = await NewModelAsync();
        var create = await server.PostAsync(Api + "/model-versions/create",
            $$"""{"name":"{{name}}","source":"s3://b/m","run_id":"0123456789abcdef0123456789abcdef","tags":[{"key":"k","value":"v"}],"description":"first"}""");
        create.AssertOk();
        (await server.PostAsync(Api + "/registered-models/alias", $$"""{"name":"{{name}}","alias":"champion","version":"1"}""")).AssertOk();

        var version = (await server.GetAsync($"{Api}/model-versions/get?name={name}&version=1")).Json.GetProperty("model_version");
        Assert.Equal(JsonValueKind.String, version.GetProperty("version").ValueKind);
        Assert.Equal("1", version.GetProperty("version").GetString());
        Assert.Equal(JsonValueKind.Number, version.GetProperty("creation_timestamp").ValueKind);
        Assert.Equal("None", version.GetProperty("current_stage").GetString());
        Assert.Equal("READY", version.GetProperty("status").GetString());
        Assert.Equal("s3://b/m", version.GetProperty("source").GetString());
        Assert.Equal("0123456789abcdef0123456789abcdef", version.GetProperty("run_id").GetString());
        Assert.Equal("first", version.GetProperty("description").GetString());
        Assert.Equal("""[{"key":"k","value":"v"}]""", version.GetProperty("tags").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Equal("""["champion"]""", version.GetProperty("aliases").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.False(version.TryGetProperty("run_link", out _));
        Assert.False(version.TryGetProperty("status_message", out _));

        var model = (await server.GetAsync($"{Api}/registered-models/get?name={name}")).Json.GetProperty("registered_model");
        Assert.Equal("""[{"alias":"champion","version":"1"}]""", model.GetProperty("aliases").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Equal("1", model.GetProperty("latest_versions")[0].GetProperty("version").GetString());
        Assert.False(model.TryGetProperty("tags", out _));
    }

    // ------------------------------------------------------------------ methods and bodies

    [Fact]
    public async Task PatchAndDelete_CarryJsonBodies_AndReplyWithEmptyObjects()
    {
        var name = await NewModelAsync();
        await NewVersionAsync(name);
        (await server.PostAsync(Api + "/registered-models/set-tag", $$"""{"name":"{{name}}","key":"team","value":"ml"}""")).AssertOk();
        (await server.PostAsync(Api + "/registered-models/alias", $$"""{"name":"{{name}}","alias":"champion","version":"1"}""")).AssertOk();

        var patched = await PatchAsync(Api + "/registered-models/update", $$"""{"name":"{{name}}","description":"patched"}""");
        patched.AssertOk();
        Assert.Equal("patched", patched.Json.GetProperty("registered_model").GetProperty("description").GetString());
        var patchedVersion = await PatchAsync(Api + "/model-versions/update", $$"""{"name":"{{name}}","version":"1","description":"v-patched"}""");
        Assert.Equal("v-patched", patchedVersion.Json.GetProperty("model_version").GetProperty("description").GetString());

        AssertEmptyObject(await DeleteAsync(Api + "/registered-models/delete-tag", $$"""{"name":"{{name}}","key":"team"}"""));
        AssertEmptyObject(await DeleteAsync(Api + "/registered-models/alias", $$"""{"name":"{{name}}","alias":"champion"}"""));
        AssertEmptyObject(await DeleteAsync(Api + "/model-versions/delete", $$"""{"name":"{{name}}","version":"1"}"""));
        AssertEmptyObject(await DeleteAsync(Api + "/registered-models/delete", $$"""{"name":"{{name}}"}"""));
        (await server.GetAsync($"{Api}/registered-models/get?name={name}")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task DeleteWithoutBody_MissingParameter400()
    {
        var reply = await server.SendAsync(HttpMethod.Delete, Api + "/registered-models/delete", null);
        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("name");
        var patch = await server.SendAsync(HttpMethod.Patch, Api + "/model-versions/update", Untyped("{}"));
        patch.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task DoubleEncodedJsonBody_IsAccepted()
    {
        var name = UniqueName("double");
        var inner = $$"""{"name":"{{name}}","description":"old client"}""";
        (await server.PostAsync(Api + "/registered-models/create", JsonSerializer.Serialize(inner))).AssertOk();
        var patched = await PatchAsync(Api + "/registered-models/update", JsonSerializer.Serialize($$"""{"name":"{{name}}","description":"again"}"""));
        Assert.Equal("again", patched.Json.GetProperty("registered_model").GetProperty("description").GetString());
    }

    [Fact]
    public async Task GetRoutes_ReadQueryStrings_WithRepeatedKeys()
    {
        var a = await NewModelAsync();
        var b = await NewModelAsync();
        await NewVersionAsync(a);
        await NewVersionAsync(a);
        await NewVersionAsync(b);
        (await server.PostAsync(Api + "/model-versions/transition-stage", $$"""{"name":"{{a}}","version":"1","stage":"production","archive_existing_versions":false}""")).AssertOk();

        var search = await server.GetAsync($"{Api}/model-versions/search?filter={Q($"name = '{a}' OR name = '{b}'")}&order_by={Q("name DESC")}&order_by={Q("version_number ASC")}&max_results=2");
        search.AssertOk();
        var versions = search.Json.GetProperty("model_versions").EnumerateArray().Select(v => $"{v.GetProperty("name").GetString()}/{v.GetProperty("version").GetString()}").ToList();
        var expected = new[] { $"{a}/1", $"{a}/2", $"{b}/1" }.OrderByDescending(k => k.Split('/')[0], StringComparer.Ordinal).ThenBy(k => k, StringComparer.Ordinal).Take(2);
        Assert.Equal(expected, versions);
        Assert.False(string.IsNullOrEmpty(search.Json.GetProperty("next_page_token").GetString()));

        var latest = await server.GetAsync($"{Api}/registered-models/get-latest-versions?name={a}&stages=Production&stages=None");
        Assert.Equal(["2", "1"], latest.Json.GetProperty("model_versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()));
        var models = await server.GetAsync($"{Api}/registered-models/search?filter={Q($"name = '{a}'")}&max_results=5");
        Assert.Equal(a, Assert.Single(models.Json.GetProperty("registered_models").EnumerateArray()).GetProperty("name").GetString());
        Assert.False(models.Json.TryGetProperty("next_page_token", out _));
    }

    // ------------------------------------------------------------------ errors

    [Fact]
    public async Task UnknownModelVersionOrAlias_404ResourceDoesNotExist()
    {
        var name = await NewModelAsync();
        (await server.GetAsync($"{Api}/registered-models/get?name=no-such-model")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await server.GetAsync($"{Api}/model-versions/get?name={name}&version=3")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await server.GetAsync($"{Api}/registered-models/alias?name={name}&alias=champion")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await server.GetAsync($"{Api}/model-versions/get-download-uri?name={name}&version=3")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await DeleteAsync(Api + "/model-versions/delete", $$"""{"name":"{{name}}","version":"3"}""")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await server.GetAsync($"{Argus}/registered-models/history?name=no-such-model")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        var unknownRoute = await server.GetAsync($"{Api}/registered-models/no-such-route");
        unknownRoute.AssertError(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
    }

    [Fact]
    public async Task BadRequests_MlflowCodesAndStatuses()
    {
        var name = await NewModelAsync();
        var duplicate = await server.PostAsync(Api + "/registered-models/create", $$"""{"name":"{{name}}"}""");
        duplicate.AssertError(HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS");
        duplicate.AssertMessageContains(name);
        (await server.PostAsync(Api + "/registered-models/create", "{}")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await server.GetAsync($"{Api}/model-versions/get?name={name}&version=one")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await server.GetAsync($"{Api}/model-versions/get?name={name}")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await server.PostAsync(Api + "/registered-models/alias", $$"""{"name":"{{name}}","alias":"latest","version":"1"}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await server.PostAsync(Api + "/model-versions/transition-stage", $$"""{"name":"{{name}}","version":"1","stage":"Staging"}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await server.GetAsync($"{Api}/registered-models/search?filter={Q("owner = 'x'")}")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await server.GetAsync($"{Api}/registered-models/search?max_results=5000")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await server.SendAsync(HttpMethod.Post, Api + "/registered-models/create", Untyped($$"""{"name":"{{name}}-x"}"""))).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await server.PostAsync(Api + "/registered-models/create", "{\"name\":")).AssertError(HttpStatusCode.BadRequest, "BAD_REQUEST");
        (await server.PostAsync(Api + "/registered-models/create", """{"name":5}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await server.GetAsync($"{Api}/registered-models/get?name={name}-x")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task MoveAliases_StaleExpectation_ResourceConflict409NamingTheAlias()
    {
        var name = await NewModelAsync();
        await NewVersionAsync(name);
        await NewVersionAsync(name);
        (await server.PostAsync(Api + "/registered-models/alias", $$"""{"name":"{{name}}","alias":"champion","version":"2"}""")).AssertOk();

        var stale = await server.PostAsync(Argus + "/registered-models/move-aliases",
            $$"""{"name":"{{name}}","moves":[{"alias":"champion","version":"1"},{"alias":"previous","version":"2"}],"expected":[{"alias":"champion","version":"1"}],"reason":"r"}""");
        stale.AssertError(HttpStatusCode.Conflict, "RESOURCE_CONFLICT");
        stale.AssertMessageContains("'champion'");
        stale.AssertMessageContains("points at version 2");

        var ok = await server.PostAsync(Argus + "/registered-models/move-aliases",
            $$"""{"name":"{{name}}","moves":[{"alias":"champion","version":"1"},{"alias":"previous","version":"2"}],"expected":[{"alias":"champion","version":"2"},{"alias":"previous","version":null}],"reason":"rollback"}""");
        AssertEmptyObject(ok);
        var deleting = await server.PostAsync(Argus + "/registered-models/move-aliases",
            $$"""{"name":"{{name}}","moves":[{"alias":"previous"}],"expected":[{"alias":"previous","version":"2"}]}""");
        AssertEmptyObject(deleting);
        var model = (await server.GetAsync($"{Api}/registered-models/get?name={name}")).Json.GetProperty("registered_model");
        Assert.Equal("""[{"alias":"champion","version":"1"}]""", model.GetProperty("aliases").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    // ------------------------------------------------------------------ users and history

    [Fact]
    public async Task UserHeader_RecordedAsTheAuthor_AbsentMeansNone()
    {
        var name = UniqueName("user");
        (await SendAsUserAsync(HttpMethod.Post, Api + "/registered-models/create", $$"""{"name":"{{name}}"}""", "zoë")).AssertOk();
        (await SendAsUserAsync(HttpMethod.Post, Api + "/model-versions/create", $$"""{"name":"{{name}}","source":"s3://b/m"}""", "carol")).AssertOk();
        (await SendAsUserAsync(HttpMethod.Post, Api + "/registered-models/alias", $$"""{"name":"{{name}}","alias":"champion","version":"1","reason":"first"}""", "carol")).AssertOk();
        (await server.PostAsync(Api + "/model-versions/transition-stage", $$"""{"name":"{{name}}","version":"1","stage":"Staging","archive_existing_versions":false}""")).AssertOk();
        await NewVersionAsync(name);

        var model = (await server.GetAsync($"{Api}/registered-models/get?name={name}")).Json.GetProperty("registered_model");
        Assert.Equal("zoë", model.GetProperty("user_id").GetString());
        Assert.Equal("carol", (await server.GetAsync($"{Api}/model-versions/get?name={name}&version=1")).Json.GetProperty("model_version").GetProperty("user_id").GetString());
        Assert.False((await server.GetAsync($"{Api}/model-versions/get?name={name}&version=2")).Json.GetProperty("model_version").TryGetProperty("user_id", out _));

        var history = await server.GetAsync($"{Argus}/registered-models/history?name={name}&max_results=1");
        history.AssertOk();
        var newest = Assert.Single(history.Json.GetProperty("events").EnumerateArray());
        Assert.Equal(("stage", "1", "None", "Staging"), (newest.GetProperty("kind").GetString(), newest.GetProperty("subject").GetString(), newest.GetProperty("from").GetString(), newest.GetProperty("to").GetString()));
        Assert.False(newest.TryGetProperty("user_id", out _));
        Assert.False(newest.TryGetProperty("reason", out _));
        Assert.Equal(JsonValueKind.Number, newest.GetProperty("id").ValueKind);
        Assert.Equal(JsonValueKind.Number, newest.GetProperty("timestamp").ValueKind);
        var token = history.Json.GetProperty("next_page_token").GetString();

        var older = await server.GetAsync($"{Argus}/registered-models/history?name={name}&max_results=1&page_token={Q(token!)}");
        var first = Assert.Single(older.Json.GetProperty("events").EnumerateArray());
        Assert.Equal(("alias", "champion", "1", "carol", "first"),
            (first.GetProperty("kind").GetString(), first.GetProperty("subject").GetString(), first.GetProperty("to").GetString(), first.GetProperty("user_id").GetString(), first.GetProperty("reason").GetString()));
        Assert.False(first.TryGetProperty("from", out _));
        Assert.False(older.Json.TryGetProperty("next_page_token", out _));
    }
}
