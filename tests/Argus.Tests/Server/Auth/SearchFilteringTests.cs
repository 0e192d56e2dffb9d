using System.Net;
using System.Text.Json;
using Argus.Core.Auth;
using Argus.Core.Registry;

namespace Argus.Tests.Server.Auth;

/// <summary>
/// Searches show a user only what they may read — experiments, runs, registered models and model versions — under
/// either default permission, paging over the readable results only; administrators see everything.
/// </summary>
public sealed class SearchFilteringTests
{
    private const string Api = ServerFixture.Api;

    [Fact]
    public async Task DefaultNoPermissions_UserSeesOnlyWhatTheyWereGranted()
    {
        await using var server = await AuthServer.StartAsync(a => a with { DefaultPermission = Permission.NoPermissions });
        var alice = await server.UserAsync("alice");
        var bob = await server.UserAsync("bob");
        var seed = await SeedAsync(server);
        await server.GrantAsync(ResourceKind.Experiment, seed.Experiments["a"], "alice", Permission.Read);
        await server.GrantAsync(ResourceKind.Experiment, seed.Experiments["c"], "alice", Permission.Edit);
        await server.GrantAsync(ResourceKind.RegisteredModel, "model-a", "alice", Permission.Read);

        Assert.Equal(["a", "c"], await ExperimentNamesAsync(alice));
        Assert.Equal(["run-a", "run-c"], await RunNamesAsync(alice, seed.Experiments.Values));
        Assert.Equal(["model-a"], await ModelNamesAsync(alice));
        Assert.Equal(["model-a"], await VersionModelsAsync(alice));
        Assert.Empty(await ExperimentNamesAsync(bob));
        Assert.Empty(await RunNamesAsync(bob, seed.Experiments.Values));
        Assert.Empty(await ModelNamesAsync(bob));
        Assert.Empty(await VersionModelsAsync(bob));
        Assert.Equal(["Default", "a", "b", "c"], await ExperimentNamesAsync(server.Admin));
        Assert.Equal(["model-a", "model-b"], await ModelNamesAsync(server.Admin));
    }

    [Fact]
    public async Task DefaultRead_ExplicitNoPermissionsHidesJustThatOne()
    {
        await using var server = await AuthServer.StartAsync();
        var alice = await server.UserAsync("alice");
        var seed = await SeedAsync(server);
        await server.GrantAsync(ResourceKind.Experiment, seed.Experiments["b"], "alice", Permission.NoPermissions);
        await server.GrantAsync(ResourceKind.RegisteredModel, "model-b", "alice", Permission.NoPermissions);

        Assert.Equal(["Default", "a", "c"], await ExperimentNamesAsync(alice));
        Assert.Equal(["run-a", "run-c"], await RunNamesAsync(alice, seed.Experiments.Values));
        Assert.Empty(await RunNamesAsync(alice, [seed.Experiments["b"]]));
        Assert.Equal(["model-a"], await ModelNamesAsync(alice));
        Assert.Equal(["model-a"], await VersionModelsAsync(alice));
        var direct = await AuthServer.GetAsync(alice, $"{Api}/runs/get?run_id={seed.Runs["b"]}");
        direct.AssertError(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task Paging_CountsOnlyReadableExperiments()
    {
        await using var server = await AuthServer.StartAsync(a => a with { DefaultPermission = Permission.NoPermissions });
        var alice = await server.UserAsync("alice");
        for (var i = 0; i < 6; i++)
        {
            var id = await server.Store.CreateExperimentAsync($"e{i}", null, [], CancellationToken.None);
            if (i % 2 == 0)
            {
                await server.GrantAsync(ResourceKind.Experiment, id, "alice", Permission.Read);
            }
        }

        var first = await AuthServer.PostAsync(alice, Api + "/experiments/search", """{"max_results":2,"order_by":["name ASC"]}""");
        var token = first.Json.GetProperty("next_page_token").GetString();
        var second = await AuthServer.PostAsync(alice, Api + "/experiments/search", $$"""{"max_results":2,"order_by":["name ASC"],"page_token":"{{token}}"}""");

        Assert.Equal(["e0", "e2"], Names(first.Json, "experiments"));
        Assert.Equal(["e4"], Names(second.Json, "experiments"));
        Assert.False(second.Json.TryGetProperty("next_page_token", out _));
    }

    [Fact]
    public async Task CreatorGetsManage_SoTheirOwnExperimentShowsEvenWhenTheDefaultIsNothing()
    {
        await using var server = await AuthServer.StartAsync(a => a with { DefaultPermission = Permission.NoPermissions });
        var alice = await server.UserAsync("alice");
        var bob = await server.UserAsync("bob");

        var created = await AuthServer.PostAsync(alice, Api + "/experiments/create", """{"name":"alices"}""");
        created.AssertOk();
        var id = created.Json.GetProperty("experiment_id").GetString()!;
        (await AuthServer.PostAsync(alice, Api + "/registered-models/create", """{"name":"alices-model"}""")).AssertOk();

        Assert.Equal(["alices"], await ExperimentNamesAsync(alice));
        Assert.Equal(["alices-model"], await ModelNamesAsync(alice));
        Assert.Equal(Permission.Manage, (await server.Users.GetUserAsync("alice", CancellationToken.None)).Permissions.Single(p => p.Resource == id).Permission);
        Assert.Empty(await ExperimentNamesAsync(bob));
        (await AuthServer.PostAsync(alice, Api + "/experiments/delete", $$"""{"experiment_id":"{{id}}"}""")).AssertOk();
    }

    private sealed record Seed(Dictionary<string, string> Experiments, Dictionary<string, string> Runs);

    /// <summary>Experiments a, b, c with one run each; models model-a and model-b with one version each.</summary>
    private static async Task<Seed> SeedAsync(AuthServer server)
    {
        var ct = CancellationToken.None;
        var experiments = new Dictionary<string, string>();
        var runs = new Dictionary<string, string>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            experiments[name] = await server.Store.CreateExperimentAsync(name, null, [], ct);
            runs[name] = (await server.Store.CreateRunAsync(new Argus.Core.Tracking.RunCreation { ExperimentId = experiments[name], RunName = "run-" + name }, ct)).Info.RunId;
        }

        var registry = ModelRegistries.For(server.Store);
        foreach (var name in new[] { "model-a", "model-b" })
        {
            await registry.CreateRegisteredModelAsync(name, null, [], ct);
            await registry.CreateModelVersionAsync(new ModelVersionCreation(name, "s3://bucket/" + name), ct);
        }

        return new Seed(experiments, runs);
    }

    private static async Task<List<string>> ExperimentNamesAsync(HttpClient client)
    {
        var reply = await AuthServer.PostAsync(client, Api + "/experiments/search", """{"max_results":100,"order_by":["name ASC"]}""");
        reply.AssertOk();
        return Names(reply.Json, "experiments");
    }

    private static async Task<List<string>> RunNamesAsync(HttpClient client, IEnumerable<string> experimentIds)
    {
        var reply = await AuthServer.PostAsync(client, Api + "/runs/search", JsonSerializer.Serialize(new { experiment_ids = experimentIds.ToArray() }));
        reply.AssertOk();
        return reply.Json.TryGetProperty("runs", out var runs)
            ? [.. runs.EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_name").GetString()!).Order(StringComparer.Ordinal)]
            : [];
    }

    private static async Task<List<string>> ModelNamesAsync(HttpClient client)
    {
        var reply = await AuthServer.GetAsync(client, Api + "/registered-models/search?order_by=name%20ASC");
        reply.AssertOk();
        return Names(reply.Json, "registered_models");
    }

    private static async Task<List<string>> VersionModelsAsync(HttpClient client)
    {
        var reply = await AuthServer.GetAsync(client, Api + "/model-versions/search");
        reply.AssertOk();
        return reply.Json.TryGetProperty("model_versions", out var versions)
            ? [.. versions.EnumerateArray().Select(v => v.GetProperty("name").GetString()!).Distinct().Order(StringComparer.Ordinal)]
            : [];
    }

    private static List<string> Names(JsonElement json, string property) =>
        json.TryGetProperty(property, out var items) ? [.. items.EnumerateArray().Select(e => e.GetProperty("name").GetString()!)] : [];
}
