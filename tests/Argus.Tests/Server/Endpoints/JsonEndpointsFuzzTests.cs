using System.Globalization;
using System.Text.Json;
using Argus.Server.Hosting;
using Argus.Tests.Core.Alerts;
using Argus.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Argus.Tests.Server.Endpoints;

/// <summary>
/// Fuzzes every route of <c>argus server</c> that takes a JSON body — tracking, registry (POST, PATCH and DELETE),
/// pipelines and the Alertmanager webhook — with mutations of a valid body (<see cref="JsonMutator"/>): every reply
/// is a success or a 4xx in MLflow's <c>{"error_code","message"}</c> shape, never a 5xx, no message shows a stack
/// trace, SQL or a server path, and the server still answers <c>/health</c> afterwards.
/// </summary>
[Trait("Category", Fuzz.Category)]
public sealed class JsonEndpointsFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Argus = "/api/2.0/argus";

    private static readonly long MaxLargeJsonBodyBytes = new ArgusServerOptions().MaxLargeJsonBodyBytes;

    private ServerFixture _server = null!;
    private Dictionary<string, string> _ids = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync(o => o);
        _ids = await SeedAsync(_server);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task MutatedBodies_OnEveryJsonRoute_AreAnsweredOrRefusedWith4xx()
    {
        var seed = Fuzz.Seed(1_000_000);
        var iterations = Fuzz.Iterations(1_500);
        var refused = 0;
        for (var i = 0; i < iterations; i++)
        {
            var random = Fuzz.ForIteration(seed, i);
            var (method, path, template) = random.Pick(Routes);
            if (path.StartsWith("/api/2.0/mlflow/", StringComparison.Ordinal) && random.Chance(0.3))
            {
                path = "/ajax-api/2.0/mlflow/" + path["/api/2.0/mlflow/".Length..];
            }

            var valid = Fill(template, i);
            var body = random.Chance(0.9) ? JsonMutator.Mutate(random, valid) : System.Text.Encoding.UTF8.GetBytes(valid);
            using var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", random.Chance(0.95)
                ? "application/json"
                : random.Pick(new[] { "application/json; charset=utf-8", "text/plain", "application/json; charset=latin1", "application/jsonx", ";;", "" }));
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
            var where = Fuzz.Where(seed, i, body) + $" to {method} {path}";
            var reply = await SendAsync(() => _server.Client.SendAsync(request), body.Length > MaxLargeJsonBodyBytes, where);
            if (reply is null)
            {
                refused++;
                continue;
            }

            AssertAnsweredOrRefused(reply, where, _server.RootDirectory);
            refused += (int)reply.Status >= 400 ? 1 : 0;
        }

        Assert.Equal("OK", await _server.Client.GetStringAsync("/health"));
        output.WriteLine(Fuzz.Summary(seed, iterations, iterations - refused, "answered 2xx"));
        Assert.InRange(refused, 1 + iterations / 5, iterations - 1 - iterations / 20);
    }

    /// <summary>
    /// Sends a request; a connection the server drops is a failure that names the input — unless the body is over the
    /// server's limit: then the server answers 413 without reading the rest and closes, which may reach the client as a
    /// broken upload instead of the reply (null here).
    /// </summary>
    internal static async Task<WireReply?> SendAsync(Func<Task<HttpResponseMessage>> send, bool oversize, string where)
    {
        try
        {
            using var response = await send();
            return await WireReply.ReadAsync(response);
        }
        catch (HttpRequestException) when (oversize)
        {
            return null;
        }
        catch (HttpRequestException e)
        {
            Assert.Fail($"The server dropped the connection: {e.Message}\n{where}");
            throw;
        }
    }

    /// <summary>A success, or a 4xx with an MLflow error body whose message shows nothing internal.</summary>
    internal static void AssertAnsweredOrRefused(WireReply reply, string where, string serverDirectory)
    {
        var status = (int)reply.Status;
        Assert.True(status < 500, $"Got {status}: {reply.Text}\n{where}");
        if (status < 400)
        {
            return;
        }

        Assert.True(reply.ContentType == "application/json", $"A {status} reply is {reply.ContentType}, not JSON. {where}");
        using var json = JsonDocument.Parse(reply.Body);
        Assert.True(json.RootElement.TryGetProperty("error_code", out var code) && code.ValueKind == JsonValueKind.String, $"No error_code: {reply.Text}\n{where}");
        Assert.True(json.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String, $"No message: {reply.Text}\n{where}");
        ErrorBodies.AssertNothingInternal(message.GetString()!, serverDirectory, where);
    }

    // (method, path, valid body with {placeholders}); {n} is the iteration, for unique names.
    private static readonly (string Method, string Path, string Body)[] Routes =
    [
        ("POST", "/api/2.0/mlflow/experiments/create", """{"name":"fz-{n}","artifact_location":"mlflow-artifacts:/fz","tags":[{"key":"a","value":"b"}]}"""),
        ("POST", "/api/2.0/mlflow/experiments/search", """{"max_results":5,"filter":"name LIKE 'fz%'","order_by":["name DESC"],"view_type":"ALL"}"""),
        ("POST", "/api/2.0/mlflow/experiments/update", """{"experiment_id":"{exp}","new_name":"fz-renamed-{n}"}"""),
        ("POST", "/api/2.0/mlflow/experiments/delete", """{"experiment_id":"{exp2}"}"""),
        ("POST", "/api/2.0/mlflow/experiments/restore", """{"experiment_id":"{exp2}"}"""),
        ("POST", "/api/2.0/mlflow/experiments/set-experiment-tag", """{"experiment_id":"{exp}","key":"k","value":"v"}"""),
        ("POST", "/api/2.0/mlflow/experiments/delete-experiment-tag", """{"experiment_id":"{exp}","key":"k"}"""),
        ("POST", "/api/2.0/mlflow/runs/create", """{"experiment_id":"{exp}","user_id":"u","run_name":"r","start_time":1,"tags":[{"key":"a","value":"b"}]}"""),
        ("POST", "/api/2.0/mlflow/runs/update", """{"run_id":"{run}","status":"RUNNING","end_time":2,"run_name":"n"}"""),
        ("POST", "/api/2.0/mlflow/runs/delete", """{"run_id":"{run2}"}"""),
        ("POST", "/api/2.0/mlflow/runs/restore", """{"run_id":"{run2}"}"""),
        ("POST", "/api/2.0/mlflow/runs/search", """{"experiment_ids":["{exp}"],"filter":"metrics.m > 0 OR params.p = 'x'","run_view_type":"ALL","max_results":10,"order_by":["metrics.m DESC"],"page_token":null}"""),
        ("POST", "/api/2.0/mlflow/runs/log-metric", """{"run_id":"{run}","key":"m","value":1.5,"timestamp":1,"step":0}"""),
        ("POST", "/api/2.0/mlflow/runs/log-parameter", """{"run_id":"{run}","key":"p{n}","value":"v"}"""),
        ("POST", "/api/2.0/mlflow/runs/log-batch", """{"run_id":"{run}","metrics":[{"key":"m","value":1,"timestamp":1,"step":1}],"params":[{"key":"q{n}","value":"1"}],"tags":[{"key":"t","value":"v"}]}"""),
        ("POST", "/api/2.0/mlflow/runs/set-tag", """{"run_id":"{run}","key":"t","value":"v"}"""),
        ("POST", "/api/2.0/mlflow/runs/delete-tag", """{"run_id":"{run}","key":"t"}"""),
        ("POST", "/api/2.0/mlflow/runs/log-inputs", """{"run_id":"{run}","datasets":[{"tags":[{"key":"mlflow.data.context","value":"training"}],"dataset":{"name":"d","digest":"1","source_type":"local","source":"x","schema":"{}","profile":"{}"}}]}"""),
        ("POST", "/api/2.0/mlflow/registered-models/create", """{"name":"fz-model-{n}","tags":[{"key":"a","value":"b"}],"description":"d"}"""),
        ("POST", "/api/2.0/mlflow/registered-models/rename", """{"name":"{model2}","new_name":"fz-renamed-{n}"}"""),
        ("PATCH", "/api/2.0/mlflow/registered-models/update", """{"name":"{model}","description":"x"}"""),
        ("DELETE", "/api/2.0/mlflow/registered-models/delete", """{"name":"fz-model-{n}"}"""),
        ("POST", "/api/2.0/mlflow/registered-models/get-latest-versions", """{"name":"{model}","stages":["None","Staging"]}"""),
        ("POST", "/api/2.0/mlflow/registered-models/set-tag", """{"name":"{model}","key":"k","value":"v"}"""),
        ("DELETE", "/api/2.0/mlflow/registered-models/delete-tag", """{"name":"{model}","key":"k"}"""),
        ("POST", "/api/2.0/mlflow/registered-models/alias", """{"name":"{model}","alias":"champ","version":"1"}"""),
        ("DELETE", "/api/2.0/mlflow/registered-models/alias", """{"name":"{model}","alias":"champ"}"""),
        ("POST", "/api/2.0/mlflow/model-versions/create", """{"name":"{model}","source":"mlflow-artifacts:/0/x/artifacts/model","run_id":"{run}","tags":[{"key":"a","value":"b"}],"run_link":"l","description":"d"}"""),
        ("PATCH", "/api/2.0/mlflow/model-versions/update", """{"name":"{model}","version":"1","description":"d"}"""),
        ("DELETE", "/api/2.0/mlflow/model-versions/delete", """{"name":"{model}","version":"99"}"""),
        ("POST", "/api/2.0/mlflow/model-versions/transition-stage", """{"name":"{model}","version":"1","stage":"Staging","archive_existing_versions":false}"""),
        ("POST", "/api/2.0/mlflow/model-versions/set-tag", """{"name":"{model}","version":"1","key":"k","value":"v"}"""),
        ("DELETE", "/api/2.0/mlflow/model-versions/delete-tag", """{"name":"{model}","version":"1","key":"k"}"""),
        ("POST", Argus + "/registered-models/move-aliases", """{"name":"{model}","moves":[{"alias":"a","version":"1"}],"expected":[],"reason":"r"}"""),
        ("POST", Argus + "/pipelines/runs/start", """{"run":{"pipeline":"fz-{n}","state":"running","trigger":"manual","start_time":1772352000000,"heartbeat":1772352000000,"owner":"o","parameters":{"rows":"1"},"definition":"name: x\n","steps":[{"step":"train","kind":"command","state":"pending"}]}}"""),
        ("POST", Argus + "/pipelines/runs/update-step", """{"run_id":"{prun}","step":{"step":"train","kind":"command","state":"running","attempts":1,"start_time":1772352001000,"outputs":{"k":"v"}}}"""),
        ("POST", Argus + "/pipelines/runs/append-log", """{"run_id":"{prun}","step":"train","text":"line\n"}"""),
        ("POST", Argus + "/pipelines/runs/heartbeat", """{"run_id":"{prun}","heartbeat":1772352002000}"""),
        ("POST", Argus + "/pipelines/runs/end", """{"run_id":"{prun2}","state":"failed","end_time":1772352009000,"message":"m"}"""),
        ("POST", Argus + "/pipelines/runs/fail-abandoned", """{"heartbeat_before":1,"message":"m","now":2}"""),
        ("POST", Argus + "/pipelines/schedules/set", """{"schedule":{"pipeline":"fz","cron":"0 * * * *","time_zone":"UTC","definition":"name: x\n","parameters":{"w":"1h"}}}"""),
        ("POST", Argus + "/pipelines/schedules/delete", """{"pipeline":"fz-{n}"}"""),
        ("POST", Argus + "/pipelines/schedules/claim-tick", """{"pipeline":"fz","tick":1772352000000,"owner":"a"}"""),
        ("POST", "/api/v1/alerts/webhook", AlertPayloads.Firing("FuzzAlert", "fp-{n}")),
    ];

    private string Fill(string template, int iteration)
    {
        var text = template.Replace("{n}", iteration.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        foreach (var (name, value) in _ids)
        {
            text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return text;
    }

    // The ids the templates name: experiments, runs, models and pipeline runs to work on (the second of each to delete).
    private static async Task<Dictionary<string, string>> SeedAsync(ServerFixture server)
    {
        var exp = await server.CreateExperimentAsync();
        var exp2 = await server.CreateExperimentAsync();
        var run = await server.CreateRunAsync(exp);
        var run2 = await server.CreateRunAsync(exp);
        foreach (var model in new[] { "fz-main", "fz-second" })
        {
            (await server.PostAsync(ServerFixture.Api + "/registered-models/create", $$"""{"name":"{{model}}"}""")).AssertOk();
            (await server.PostAsync(ServerFixture.Api + "/model-versions/create", $$"""{"name":"{{model}}","source":"mlflow-artifacts:/0/{{run}}/artifacts/model","run_id":"{{run}}"}""")).AssertOk();
        }

        var ids = new Dictionary<string, string> { ["exp"] = exp, ["exp2"] = exp2, ["run"] = run, ["run2"] = run2, ["model"] = "fz-main", ["model2"] = "fz-second" };
        foreach (var name in new[] { "prun", "prun2" })
        {
            var started = await server.PostAsync(Argus + "/pipelines/runs/start",
                $$$"""{"run":{"pipeline":"fz-{{{name}}}","state":"running","trigger":"manual","start_time":1772352000000,"heartbeat":1772352000000,"owner":"o","definition":"name: x\n","steps":[{"step":"train","kind":"command","state":"pending"}]}}""");
            started.AssertOk();
            ids[name] = started.Json.GetProperty("run").GetProperty("run_id").GetString()!;
        }

        return ids;
    }
}
