using System.Net;
using System.Text;
using Argus.Core.Auth;
using Argus.Core.Registry;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Sdk;
using Argus.Server.Auth;
using Argus.Server.Hosting;
using Argus.Server.Serving;
using Argus.Tests.Core.Data;
using Argus.Tests.Infrastructure;
using Argus.XGBoost.Training;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Argus.Tests.Server.Auth;

/// <summary>
/// Every route of a server with <c>--auth</c> (and a model served under <c>/serving/</c>), called as each role: no
/// credentials, a user with NO_PERMISSIONS, READ, EDIT and MANAGE on the experiment and registered models, and an
/// administrator. A role below what the route needs is refused (401 without credentials, 403 otherwise); a role at or
/// above it gets past the check (the handler may still answer 400 or 404 for the request itself). The cases must cover
/// every mapped route, so a new route without a case fails here.
/// </summary>
public sealed class PermissionMatrixTests : IAsyncLifetime
{
    private const string Password = "password-123";
    private const string Model = "matrix-model";
    private const string Artifacts = "/api/2.0/mlflow-artifacts/artifacts";

    private static readonly Role[] Roles = [Role.Anonymous, Role.None, Role.Reader, Role.Editor, Role.Manager, Role.Admin];

    private readonly TempDirectory _directory = new("argus-matrix");
    private readonly Dictionary<Role, HttpClient> _clients = [];
    private readonly Dictionary<Role, long> _tokens = [];
    private RunningServer? _server;
    private string _experiment = "";
    private string _run = "";

    private enum Role
    {
        Anonymous,
        None,
        Reader,
        Editor,
        Manager,
        Admin,
    }

    public async Task InitializeAsync()
    {
        var uri = _directory.SqliteUri();
        await using (var tracker = await Tracker.CreateAsync(uri))
        {
            _run = (await TrainingJob.RunAsync(tracker, new TrainingRequest { DataPath = DataFixtures.TipsPath, Target = "tip", Rounds = 5, Experiment = "matrix" })).RunId;
        }

        var ct = CancellationToken.None;
        await using (var store = await TrackingStores.OpenAsync(uri))
        {
            _experiment = (await store.GetRunAsync(_run, ct)).Info.ExperimentId;
            var registry = ModelRegistries.For(store);
            string[] models = [Model, "matrix-rename", "matrix-doomed-api", "matrix-doomed-ajax"];
            foreach (var model in models)
            {
                await registry.CreateRegisteredModelAsync(model, null, [], ct);
            }

            await registry.CreateModelVersionAsync(new ModelVersionCreation(Model, $"runs:/{_run}/model") { RunId = _run }, ct);
            await registry.SetAliasAsync(Model, "champion", "1", null, ct);
            var users = new UserAdministration(AuthStores.For(store), "setup", TimeProvider.System, PasswordHasher.MinimumIterations);
            var levels = new Dictionary<Role, Permission>
            {
                [Role.None] = Permission.NoPermissions,
                [Role.Reader] = Permission.Read,
                [Role.Editor] = Permission.Edit,
                [Role.Manager] = Permission.Manage,
            };
            foreach (var role in Roles.Where(r => r is not Role.Anonymous))
            {
                await users.CreateUserAsync(Name(role), Password, role == Role.Admin, ct);
                _tokens[role] = (await users.CreateTokenAsync(Name(role), "own", null, ct)).Token.Id;
                if (levels.TryGetValue(role, out var level))
                {
                    await users.GrantAsync(ResourceKind.Experiment, _experiment, Name(role), level, ct);
                    foreach (var model in models)
                    {
                        await users.GrantAsync(ResourceKind.RegisteredModel, model, Name(role), level, ct);
                    }
                }
            }

            foreach (var name in new[] { "victim", "doomed-api", "doomed-ajax" })
            {
                await users.CreateUserAsync(name, Password, false, ct);
            }
        }

        _server = await ArgusServer.StartAsync(new ArgusServerOptions
        {
            Port = 0,
            BackendStoreUri = uri,
            Scheduler = new Argus.Server.Pipelines.PipelineSchedulerOptions { Enabled = false },
            Serving = new ServingOptions { ModelUri = $"models:/{Model}@champion" },
            Auth = new AuthOptions
            {
                Enabled = true,
                AdminPassword = Password,
                PasswordIterations = PasswordHasher.MinimumIterations,
                BootstrapOutput = TextWriter.Null,
            },
        });
        foreach (var role in Roles)
        {
            var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = _server.Url };
            if (role != Role.Anonymous)
            {
                client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                    "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Name(role)}:{Password}")));
            }

            _clients[role] = client;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task EveryRoute_AsEveryRole_AllowedExactlyFromItsMinimumRole()
    {
        var cases = Cases();
        var wrong = new List<string>();
        foreach (var c in cases)
        {
            foreach (var role in Roles)
            {
                var status = await SendAsync(c, role);
                var allowed = role >= c.Minimum;
                var denied = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
                var expectedDenial = role == Role.Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
                if (allowed ? denied : status != expectedDenial)
                {
                    wrong.Add($"{c.Method} {c.Path(role)} as {role}: {(int)status}, expected {(allowed ? "allowed" : ((int)expectedDenial).ToString(System.Globalization.CultureInfo.InvariantCulture))}");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cases.Count * Roles.Length} answers wrong:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void Cases_CoverEveryRouteOfTheServer()
    {
        var source = _server!.Services.GetRequiredService<EndpointDataSource>();
        var routes = ArgusServer.Routes([source]).ToHashSet();
        var covered = Cases().Select(c => (c.Method == "GET" && c.Template == "{**path}" ? RoutePermissions.AnyMethod : c.Method, c.Template)).ToHashSet();

        var missing = routes.Except(covered).Select(r => $"{r.Item1} {r.Item2}").ToList();
        var unknown = covered.Except(routes).Select(r => $"{r.Item1} {r.Item2}").ToList();

        Assert.True(missing.Count == 0, "Routes without a case in the matrix: " + string.Join(", ", missing));
        Assert.True(unknown.Count == 0, "Cases for routes the server does not have: " + string.Join(", ", unknown));
    }

    private async Task<HttpStatusCode> SendAsync(Case c, Role role)
    {
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path(role));
        if (c.Json?.Invoke(role) is { } json)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        else if (c.Content?.Invoke(role) is { } content)
        {
            request.Content = content;
        }

        using var response = await _clients[role].SendAsync(request);
        return response.StatusCode;
    }

    private static string Name(Role role) => role.ToString().ToLowerInvariant();

    private List<Case> Cases()
    {
        var e = _experiment;
        var r = _run;
        var cases = new List<Case>();
        void Add(string method, string template, Role minimum, Func<Role, string> path, Func<Role, string?>? json = null, Func<Role, HttpContent>? content = null) =>
            cases.Add(new Case(method, template, minimum, path, json, content));
        void Fixed(string method, string template, Role minimum, string path, string? json = null) => Add(method, template, minimum, _ => path, json is null ? null : _ => json);

        foreach (var (p, t) in new[] { ("/api/2.0/mlflow", "api"), ("/ajax-api/2.0/mlflow", "ajax") })
        {
            Add("POST", p + "/experiments/create", Role.None, _ => p + "/experiments/create", role => $$"""{"name":"new-{{Name(role)}}-{{t}}"}""");
            Fixed("GET", p + "/experiments/get", Role.Reader, $"{p}/experiments/get?experiment_id={e}");
            Fixed("GET", p + "/experiments/get-by-name", Role.Reader, $"{p}/experiments/get-by-name?experiment_name=matrix");
            Fixed("POST", p + "/experiments/search", Role.None, p + "/experiments/search", """{"max_results":10}""");
            Fixed("GET", p + "/experiments/search", Role.None, p + "/experiments/search?max_results=10");
            Fixed("POST", p + "/experiments/update", Role.Editor, p + "/experiments/update", $$"""{"experiment_id":"{{e}}","new_name":"matrix"}""");
            Fixed("POST", p + "/experiments/set-experiment-tag", Role.Editor, p + "/experiments/set-experiment-tag", $$"""{"experiment_id":"{{e}}","key":"k","value":"v"}""");
            Fixed("POST", p + "/experiments/delete-experiment-tag", Role.Manager, p + "/experiments/delete-experiment-tag", $$"""{"experiment_id":"{{e}}","key":"k"}""");
            Fixed("POST", p + "/experiments/delete", Role.Manager, p + "/experiments/delete", $$"""{"experiment_id":"{{e}}"}""");
            Fixed("POST", p + "/experiments/restore", Role.Manager, p + "/experiments/restore", $$"""{"experiment_id":"{{e}}"}""");

            Fixed("POST", p + "/runs/create", Role.Editor, p + "/runs/create", $$"""{"experiment_id":"{{e}}"}""");
            Fixed("GET", p + "/runs/get", Role.Reader, $"{p}/runs/get?run_id={r}");
            Fixed("POST", p + "/runs/update", Role.Editor, p + "/runs/update", $$"""{"run_id":"{{r}}","run_name":"trained"}""");
            Fixed("POST", p + "/runs/log-metric", Role.Editor, p + "/runs/log-metric", $$"""{"run_id":"{{r}}","key":"m","value":1,"timestamp":1,"step":0}""");
            Add("POST", p + "/runs/log-parameter", Role.Editor, _ => p + "/runs/log-parameter", role => $$"""{"run_id":"{{r}}","key":"p-{{Name(role)}}-{{t}}","value":"1"}""");
            Fixed("POST", p + "/runs/log-batch", Role.Editor, p + "/runs/log-batch", $$"""{"run_id":"{{r}}"}""");
            Fixed("POST", p + "/runs/set-tag", Role.Editor, p + "/runs/set-tag", $$"""{"run_id":"{{r}}","key":"t","value":"v"}""");
            Fixed("POST", p + "/runs/delete-tag", Role.Manager, p + "/runs/delete-tag", $$"""{"run_id":"{{r}}","key":"t"}""");
            Fixed("POST", p + "/runs/log-inputs", Role.Editor, p + "/runs/log-inputs", $$"""{"run_id":"{{r}}"}""");
            Fixed("POST", p + "/runs/delete", Role.Manager, p + "/runs/delete", $$"""{"run_id":"{{r}}"}""");
            Fixed("POST", p + "/runs/restore", Role.Manager, p + "/runs/restore", $$"""{"run_id":"{{r}}"}""");
            Fixed("POST", p + "/runs/search", Role.None, p + "/runs/search", $$"""{"experiment_ids":["{{e}}"]}""");
            Fixed("GET", p + "/metrics/get-history", Role.Reader, $"{p}/metrics/get-history?run_id={r}&metric_key=m");
            Fixed("GET", p + "/artifacts/list", Role.Reader, $"{p}/artifacts/list?run_id={r}");

            Add("POST", p + "/registered-models/create", Role.None, _ => p + "/registered-models/create", role => $$"""{"name":"new-{{Name(role)}}-{{t}}"}""");
            Fixed("GET", p + "/registered-models/get", Role.Reader, $"{p}/registered-models/get?name={Model}");
            Fixed("POST", p + "/registered-models/rename", Role.Editor, p + "/registered-models/rename", """{"name":"matrix-rename","new_name":"matrix-rename"}""");
            Fixed("PATCH", p + "/registered-models/update", Role.Editor, p + "/registered-models/update", $$"""{"name":"{{Model}}","description":"d"}""");
            Fixed("DELETE", p + "/registered-models/delete", Role.Manager, p + "/registered-models/delete", $$"""{"name":"matrix-doomed-{{t}}"}""");
            Fixed("GET", p + "/registered-models/search", Role.None, p + "/registered-models/search");
            Fixed("POST", p + "/registered-models/get-latest-versions", Role.Reader, p + "/registered-models/get-latest-versions", $$"""{"name":"{{Model}}"}""");
            Fixed("GET", p + "/registered-models/get-latest-versions", Role.Reader, $"{p}/registered-models/get-latest-versions?name={Model}");
            Fixed("POST", p + "/registered-models/set-tag", Role.Editor, p + "/registered-models/set-tag", $$"""{"name":"{{Model}}","key":"k","value":"v"}""");
            Fixed("DELETE", p + "/registered-models/delete-tag", Role.Manager, p + "/registered-models/delete-tag", $$"""{"name":"{{Model}}","key":"k"}""");
            Fixed("POST", p + "/registered-models/alias", Role.Editor, p + "/registered-models/alias", $$"""{"name":"{{Model}}","alias":"temp","version":"1"}""");
            Fixed("GET", p + "/registered-models/alias", Role.Reader, $"{p}/registered-models/alias?name={Model}&alias=champion");
            Fixed("DELETE", p + "/registered-models/alias", Role.Manager, p + "/registered-models/alias", $$"""{"name":"{{Model}}","alias":"temp"}""");
            Fixed("POST", p + "/model-versions/create", Role.Editor, p + "/model-versions/create", $$"""{"name":"{{Model}}","source":"runs:/{{r}}/model","run_id":"{{r}}"}""");
            Fixed("GET", p + "/model-versions/get", Role.Reader, $"{p}/model-versions/get?name={Model}&version=1");
            Fixed("PATCH", p + "/model-versions/update", Role.Editor, p + "/model-versions/update", $$"""{"name":"{{Model}}","version":"1","description":"d"}""");
            Fixed("DELETE", p + "/model-versions/delete", Role.Manager, p + "/model-versions/delete", $$"""{"name":"{{Model}}","version":"999"}""");
            Fixed("GET", p + "/model-versions/search", Role.None, p + "/model-versions/search");
            Fixed("POST", p + "/model-versions/transition-stage", Role.Editor, p + "/model-versions/transition-stage",
                $$"""{"name":"{{Model}}","version":"1","stage":"Staging","archive_existing_versions":false}""");
            Fixed("GET", p + "/model-versions/get-download-uri", Role.Reader, $"{p}/model-versions/get-download-uri?name={Model}&version=1");
            Fixed("POST", p + "/model-versions/set-tag", Role.Editor, p + "/model-versions/set-tag", $$"""{"name":"{{Model}}","version":"1","key":"k","value":"v"}""");
            Fixed("DELETE", p + "/model-versions/delete-tag", Role.Manager, p + "/model-versions/delete-tag", $$"""{"name":"{{Model}}","version":"1","key":"k"}""");

            Add("POST", p + "/users/create", Role.Admin, _ => p + "/users/create", role => $$"""{"username":"created-{{Name(role)}}-{{t}}","password":"{{Password}}"}""");
            Add("GET", p + "/users/get", Role.None, role => $"{p}/users/get?username={Name(role == Role.Anonymous ? Role.None : role)}");
            Fixed("GET", p + "/users/get", Role.Admin, $"{p}/users/get?username=victim");
            Add("PATCH", p + "/users/update-password", Role.None, _ => p + "/users/update-password",
                role => $$"""{"username":"{{Name(role == Role.Anonymous ? Role.None : role)}}","password":"{{Password}}"}""");
            Fixed("PATCH", p + "/users/update-password", Role.Admin, p + "/users/update-password", $$"""{"username":"victim","password":"{{Password}}"}""");
            Fixed("PATCH", p + "/users/update-admin", Role.Admin, p + "/users/update-admin", """{"username":"victim","is_admin":false}""");
            Fixed("DELETE", p + "/users/delete", Role.Admin, p + "/users/delete", $$"""{"username":"doomed-{{t}}"}""");
            Fixed("POST", p + "/experiments/permissions/create", Role.Manager, p + "/experiments/permissions/create", $$"""{"experiment_id":"{{e}}","username":"victim","permission":"READ"}""");
            Fixed("GET", p + "/experiments/permissions/get", Role.Manager, $"{p}/experiments/permissions/get?experiment_id={e}&username=victim");
            Fixed("PATCH", p + "/experiments/permissions/update", Role.Manager, p + "/experiments/permissions/update", $$"""{"experiment_id":"{{e}}","username":"victim","permission":"EDIT"}""");
            Fixed("DELETE", p + "/experiments/permissions/delete", Role.Manager, p + "/experiments/permissions/delete", $$"""{"experiment_id":"{{e}}","username":"victim"}""");
            Fixed("POST", p + "/registered-models/permissions/create", Role.Manager, p + "/registered-models/permissions/create", $$"""{"name":"{{Model}}","username":"victim","permission":"READ"}""");
            Fixed("GET", p + "/registered-models/permissions/get", Role.Manager, $"{p}/registered-models/permissions/get?name={Model}&username=victim");
            Fixed("PATCH", p + "/registered-models/permissions/update", Role.Manager, p + "/registered-models/permissions/update", $$"""{"name":"{{Model}}","username":"victim","permission":"EDIT"}""");
            Fixed("DELETE", p + "/registered-models/permissions/delete", Role.Manager, p + "/registered-models/permissions/delete", $$"""{"name":"{{Model}}","username":"victim"}""");
        }

        foreach (var a in new[] { "/api/2.0/argus", "/ajax-api/2.0/argus" })
        {
            Fixed("GET", a + "/metrics/get-history-downsampled", Role.Reader, $"{a}/metrics/get-history-downsampled?run_id={r}&metric_key=m");
            Fixed("POST", a + "/registered-models/move-aliases", Role.Editor, a + "/registered-models/move-aliases", $$"""{"name":"{{Model}}","moves":[{"alias":"temp3","version":"1"}]}""");
            Fixed("POST", a + "/registered-models/move-aliases", Role.Manager, a + "/registered-models/move-aliases", $$"""{"name":"{{Model}}","moves":[{"alias":"temp3"}]}""");
            Fixed("GET", a + "/registered-models/history", Role.Reader, $"{a}/registered-models/history?name={Model}");
            Fixed("GET", a + "/model-versions/signature", Role.Reader, $"{a}/model-versions/signature?name={Model}&version=1");
            Fixed("POST", a + "/model-versions/predict", Role.Reader, $"{a}/model-versions/predict?name={Model}&version=1", """{"instances": [[16.99, "Female", "No", "Sun", "Dinner", 2]]}""");

            var pipelines = a + "/pipelines";
            foreach (var route in new[] { "/runs/start", "/runs/update-step", "/runs/append-log", "/runs/heartbeat", "/runs/end" })
            {
                Fixed("POST", pipelines + route, Role.None, pipelines + route, "{}");
            }

            Fixed("GET", pipelines + "/runs/get", Role.None, pipelines + "/runs/get?run_id=missing");
            Fixed("GET", pipelines + "/runs/search", Role.None, pipelines + "/runs/search");
            Fixed("GET", pipelines + "/runs/log", Role.None, pipelines + "/runs/log?run_id=missing&step=s");
            Fixed("POST", pipelines + "/runs/fail-abandoned", Role.Admin, pipelines + "/runs/fail-abandoned", "{}");
            Fixed("POST", pipelines + "/schedules/set", Role.Admin, pipelines + "/schedules/set", "{}");
            Fixed("GET", pipelines + "/schedules/list", Role.None, pipelines + "/schedules/list");
            Fixed("POST", pipelines + "/schedules/delete", Role.Admin, pipelines + "/schedules/delete", """{"pipeline":"nothing"}""");
            Fixed("POST", pipelines + "/schedules/claim-tick", Role.Admin, pipelines + "/schedules/claim-tick", "{}");

            Fixed("POST", a + "/auth/login", Role.Anonymous, a + "/auth/login", $$"""{"username":"reader","password":"{{Password}}"}""");
            Fixed("POST", a + "/auth/logout", Role.None, a + "/auth/logout", "{}");
            Fixed("GET", a + "/auth/me", Role.Anonymous, a + "/auth/me");
            Fixed("GET", a + "/users/list", Role.Admin, a + "/users/list");
            Add("POST", a + "/tokens/create", Role.None, _ => a + "/tokens/create", role => $$"""{"name":"t-{{Name(role)}}"}""");
            Fixed("POST", a + "/tokens/create", Role.Admin, a + "/tokens/create", """{"name":"for-victim","username":"victim"}""");
            Fixed("GET", a + "/tokens/list", Role.None, a + "/tokens/list");
            Fixed("GET", a + "/tokens/list", Role.Admin, a + "/tokens/list?username=victim");
            Add("POST", a + "/tokens/revoke", Role.None, _ => a + "/tokens/revoke",
                role => $$"""{"id":{{_tokens[role == Role.Anonymous ? Role.None : role]}}}""");
            Fixed("GET", a + "/audit/list", Role.Admin, a + "/audit/list");
        }

        Fixed("GET", "/health", Role.Anonymous, "/health");
        Fixed("GET", "/version", Role.Anonymous, "/version");
        Fixed("GET", "/metrics", Role.Anonymous, "/metrics");
        Fixed("GET", "{**path}", Role.Anonymous, "/experiments");
        Fixed("GET", "/get-artifact", Role.Reader, $"/get-artifact?run_id={r}&path=model/MLmodel");
        Fixed("GET", Artifacts, Role.Reader, $"{Artifacts}?path={e}/{r}/artifacts");
        Fixed("GET", Artifacts, Role.Admin, Artifacts);
        Fixed("GET", Artifacts + "/{**path}", Role.Reader, $"{Artifacts}/{e}/{r}/artifacts/model/MLmodel");
        Add("PUT", Artifacts + "/{**path}", Role.Editor, role => $"{Artifacts}/{e}/{r}/artifacts/upload-{Name(role)}.txt", content: _ => new StringContent("x"));
        Fixed("DELETE", Artifacts + "/{**path}", Role.Manager, $"{Artifacts}/{e}/{r}/artifacts/upload-editor.txt");
        Fixed("POST", "/api/v1/alerts/webhook", Role.None, "/api/v1/alerts/webhook", "{}");
        Add("GET", "/api/v1/alerts/", Role.None, _ => "/api/v1/alerts");

        Fixed("GET", "/serving/ping", Role.Anonymous, "/serving/ping");
        Fixed("GET", "/serving/health", Role.Anonymous, "/serving/health");
        Fixed("GET", "/serving/version", Role.Anonymous, "/serving/version");
        Fixed("POST", "/serving/invocations", Role.Reader, "/serving/invocations", """{"instances": [[16.99, "Female", "No", "Sun", "Dinner", 2]]}""");
        Fixed("GET", "/serving/", Role.Reader, "/serving/");
        Add("POST", "/serving/", Role.Reader, _ => "/serving/", content: _ => new FormUrlEncodedContent([new("total_bill", "16.99")]));
        Fixed("POST", "/serving/feedback", Role.Editor, "/serving/feedback", "{}");
        return cases;
    }

    private sealed record Case(string Method, string Template, Role Minimum, Func<Role, string> Path, Func<Role, string?>? Json, Func<Role, HttpContent>? Content);
}
