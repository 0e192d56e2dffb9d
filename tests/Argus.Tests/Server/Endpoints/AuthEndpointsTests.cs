using System.Net;
using Argus.Tests.Server.Auth;

namespace Argus.Tests.Server.Endpoints;

/// <summary>
/// MLflow's auth REST API in MLflow's shapes (what <c>mlflow.server.get_app_client("basic-auth")</c> reads), and the
/// audit log as administrators read it, including alias changes made by signed-in users.
/// </summary>
public sealed class AuthEndpointsTests
{
    private const string Api = ServerFixture.Api;
    private const string Argus = "/api/2.0/argus";

    [Fact]
    public async Task UsersCreateAndGet_MlflowsUserShape_WithThePermissionListsAlwaysPresent()
    {
        await using var server = await AuthServer.StartAsync();

        var created = await AuthServer.PostAsync(server.Admin, Api + "/users/create", """{"username":"alice","password":"alice-password"}""");
        var experiment = await server.Store.CreateExperimentAsync("shared", null, [], CancellationToken.None);
        (await AuthServer.PostAsync(server.Admin, Api + "/experiments/permissions/create", $$"""{"experiment_id":"{{experiment}}","username":"alice","permission":"EDIT"}""")).AssertOk();
        var got = await AuthServer.GetAsync(server.Admin, Api + "/users/get?username=alice");

        created.AssertOk();
        var user = created.Json.GetProperty("user");
        Assert.Equal("alice", user.GetProperty("username").GetString());
        Assert.False(user.GetProperty("is_admin").GetBoolean());
        Assert.True(user.GetProperty("id").GetInt64() > 0);
        Assert.Equal(0, user.GetProperty("experiment_permissions").GetArrayLength());
        Assert.Equal(0, user.GetProperty("registered_model_permissions").GetArrayLength());
        Assert.DoesNotContain("password", created.Text, StringComparison.Ordinal);
        var permission = Assert.Single(got.Json.GetProperty("user").GetProperty("experiment_permissions").EnumerateArray());
        Assert.Equal(experiment, permission.GetProperty("experiment_id").GetString());
        Assert.Equal("EDIT", permission.GetProperty("permission").GetString());
        Assert.Equal(user.GetProperty("id").GetInt64(), permission.GetProperty("user_id").GetInt64());
    }

    [Fact]
    public async Task Permissions_CreateGetUpdateDelete_WithMlflowsErrors()
    {
        await using var server = await AuthServer.StartAsync();
        await server.UserAsync("alice");
        await server.Store.CreateExperimentAsync("e", null, [], CancellationToken.None);
        (await AuthServer.PostAsync(server.Admin, Api + "/registered-models/create", """{"name":"tips"}""")).AssertOk();
        var admin = server.Admin;

        var created = await AuthServer.PostAsync(admin, Api + "/registered-models/permissions/create", """{"name":"tips","username":"alice","permission":"READ"}""");
        var twice = await AuthServer.PostAsync(admin, Api + "/registered-models/permissions/create", """{"name":"tips","username":"alice","permission":"READ"}""");
        var updated = await AuthServer.SendAsync(admin, HttpMethod.Patch, Api + "/registered-models/permissions/update", """{"name":"tips","username":"alice","permission":"MANAGE"}""");
        var got = await AuthServer.GetAsync(admin, Api + "/registered-models/permissions/get?name=tips&username=alice");
        var badLevel = await AuthServer.SendAsync(admin, HttpMethod.Patch, Api + "/registered-models/permissions/update", """{"name":"tips","username":"alice","permission":"OWNER"}""");
        var deleted = await AuthServer.SendAsync(admin, HttpMethod.Delete, Api + "/registered-models/permissions/delete", """{"name":"tips","username":"alice"}""");
        var gone = await AuthServer.GetAsync(admin, Api + "/registered-models/permissions/get?name=tips&username=alice");
        var noExperiment = await AuthServer.PostAsync(admin, Api + "/experiments/permissions/create", """{"experiment_id":"999","username":"alice","permission":"READ"}""");

        created.AssertOk();
        Assert.Equal("READ", created.Json.GetProperty("registered_model_permission").GetProperty("permission").GetString());
        twice.AssertError(HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS");
        updated.AssertOk();
        Assert.Equal("MANAGE", got.Json.GetProperty("registered_model_permission").GetProperty("permission").GetString());
        Assert.Equal("tips", got.Json.GetProperty("registered_model_permission").GetProperty("name").GetString());
        badLevel.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        deleted.AssertOk();
        gone.AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        noExperiment.AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task AuditList_ShowsPermissionAndAliasChangesWithTheSignedInUser_ToAdministratorsOnly()
    {
        await using var server = await AuthServer.StartAsync();
        var alice = await server.UserAsync("alice");
        (await AuthServer.PostAsync(alice, Api + "/registered-models/create", """{"name":"tips"}""")).AssertOk();
        (await AuthServer.PostAsync(alice, Api + "/model-versions/create", """{"name":"tips","source":"s3://b/tips"}""")).AssertOk();
        (await AuthServer.SendAsync(alice, HttpMethod.Post, Api + "/registered-models/alias", """{"name":"tips","alias":"champion","version":"1"}""",
            r => r.Headers.Add("X-Argus-User", "mallory"))).AssertOk();

        var audit = await AuthServer.GetAsync(server.Admin, Argus + "/audit/list");
        var aliases = await AuthServer.GetAsync(server.Admin, Argus + "/audit/list?action=alias.set");
        var asAlice = await AuthServer.GetAsync(alice, Argus + "/audit/list");

        audit.AssertOk();
        var entries = audit.Json.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["alias.set", "permission.create", "user.create"], entries.Select(e => e.GetProperty("action").GetString()).Take(3));
        var alias = Assert.Single(aliases.Json.GetProperty("entries").EnumerateArray());
        Assert.Equal("alice", alias.GetProperty("actor").GetString());
        Assert.Equal("registered_model/tips alias/champion", alias.GetProperty("target").GetString());
        Assert.Equal("1", alias.GetProperty("new_value").GetString());
        Assert.Equal("MANAGE", entries[1].GetProperty("new_value").GetString()); // the creator's grant
        asAlice.AssertError(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task Handlers_ActOnTheBodyThePermissionCheckRead()
    {
        await using var server = await AuthServer.StartAsync();
        var alice = await server.UserAsync("alice");
        var experiment = (await AuthServer.PostAsync(alice, Api + "/experiments/create", """{"name":"mine"}""")).Json.GetProperty("experiment_id").GetString();
        var run = (await AuthServer.PostAsync(alice, Api + "/runs/create", $$"""{"experiment_id":"{{experiment}}","user_id":"mallory"}"""))
            .Json.GetProperty("run").GetProperty("info");

        var runId = run.GetProperty("run_id").GetString();
        (await AuthServer.PostAsync(alice, Api + "/runs/log-batch",
            $$"""{"run_id":"{{runId}}","metrics":[{"key":"rmse","value":0.5,"timestamp":1,"step":0}],"params":[{"key":"depth","value":"3"}],"tags":[{"key":"t","value":"v"}]}""")).AssertOk();
        (await AuthServer.PostAsync(alice, Api + "/runs/log-inputs",
            $$$"""{"run_id":"{{{runId}}}","datasets":[{"dataset":{"name":"d","digest":"x","source_type":"local","source":"f.csv"}}]}""")).AssertOk();
        (await AuthServer.PostAsync(alice, Api + "/experiments/update", $$"""{"experiment_id":"{{experiment}}","new_name":"renamed"}""")).AssertOk();

        var got = await AuthServer.GetAsync(alice, $"{Api}/runs/get?run_id={runId}");
        var data = got.Json.GetProperty("run").GetProperty("data");
        Assert.Equal(0.5, data.GetProperty("metrics")[0].GetProperty("value").GetDouble());
        Assert.Equal("3", data.GetProperty("params")[0].GetProperty("value").GetString());
        Assert.Equal("d", got.Json.GetProperty("run").GetProperty("inputs").GetProperty("dataset_inputs")[0].GetProperty("dataset").GetProperty("name").GetString());
        Assert.Equal("alice", run.GetProperty("user_id").GetString()); // not what the request claimed
        Assert.Equal("renamed", (await AuthServer.GetAsync(alice, $"{Api}/experiments/get?experiment_id={experiment}")).Json.GetProperty("experiment").GetProperty("name").GetString());
    }

    [Fact]
    public async Task WithoutAuth_LoginSaysItIsOff_MeSaysNotRequired_AndTheHeaderStillNamesTheAuthor()
    {
        await using var server = await ServerFixture.StartAsync(o => o);

        var login = await server.PostAsync(Argus + "/auth/login", """{"username":"a","password":"b"}""");
        var me = await server.GetAsync(Argus + "/auth/me");
        (await server.PostAsync(Api + "/registered-models/create", """{"name":"tips"}""")).AssertOk();
        (await server.PostAsync(Api + "/model-versions/create", """{"name":"tips","source":"s3://b/tips"}""")).AssertOk();
        using var request = new HttpRequestMessage(HttpMethod.Post, Api + "/registered-models/alias")
        {
            Content = new StringContent("""{"name":"tips","alias":"champion","version":"1"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Argus-User", "carol");
        (await WireReply.ReadAsync(await server.Client.SendAsync(request))).AssertOk();
        var history = await server.GetAsync(Argus + "/registered-models/history?name=tips");

        login.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.False(me.Json.GetProperty("auth_enabled").GetBoolean());
        Assert.Equal("carol", Assert.Single(history.Json.GetProperty("events").EnumerateArray()).GetProperty("user_id").GetString());
    }
}
