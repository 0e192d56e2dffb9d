using Argus.Core.Artifacts;
using Argus.Core.Tracking.Sdk;
using Argus.Tests.Core.Data;
using Argus.XGBoost.Training;

namespace Argus.Tests.Server.Endpoints;

/// <summary>
/// A real <c>argus server</c> holding the registered model <see cref="Model"/>, trained on tips through the server's
/// API as <c>argus train --tracking-uri http://…</c> does (artifacts proxied): version 1 (max_depth 2) registered from
/// its run's artifact URI, as <c>argus models register</c> does; version 2 (max_depth 5) from <c>runs:/RUN/model</c>, as
/// MLflow clients register; <c>@champion</c> on version 1. Predict bodies beyond <see cref="MaxPredictBodyBytes"/> are refused.
/// </summary>
public sealed class PredictSeed : IAsyncLifetime
{
    public const string Model = "tips";

    public const long MaxPredictBodyBytes = 256 * 1024;

    public const string ArgusApi = "/api/2.0/argus";

    public ServerFixture Server { get; private set; } = null!;

    public string Run1 { get; private set; } = "";

    public string Run2 { get; private set; } = "";

    /// <summary>Version 1's source: its run's artifact URI and <c>/model</c>.</summary>
    public string Source1 { get; private set; } = "";

    /// <summary>Version 1's package folder in the server's proxied artifact store.</summary>
    public string PackageDirectory1 { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = await ServerFixture.StartAsync(o => o with { MaxPredictBodyBytes = MaxPredictBodyBytes });
        await using (var tracker = await Tracker.CreateAsync(Server.BaseAddress.AbsoluteUri))
        {
            Run1 = await TrainAsync(tracker, "2");
            Run2 = await TrainAsync(tracker, "5");
        }

        var artifactUri = (await Server.GetRunAsync(Run1)).GetProperty("info").GetProperty("artifact_uri").GetString()!;
        Source1 = artifactUri + "/model";
        PackageDirectory1 = Path.Combine(Server.ArtifactsDirectory, ArtifactRepositories.ProxyPath(Source1));
        (await Server.PostAsync(ServerFixture.Api + "/registered-models/create", $$"""{"name":"{{Model}}"}""")).AssertOk();
        await RegisterAsync(Source1, Run1);
        await RegisterAsync($"runs:/{Run2}/model", Run2);
        await SetAliasAsync("champion", "1");
    }

    public Task DisposeAsync() => Server.DisposeAsync();

    /// <summary>Registers a new version of <see cref="Model"/>; returns its number.</summary>
    public async Task<string> RegisterAsync(string source, string runId)
    {
        var reply = await Server.PostAsync(ServerFixture.Api + "/model-versions/create", $$"""{"name":"{{Model}}","source":"{{source}}","run_id":"{{runId}}"}""");
        reply.AssertOk();
        return reply.Json.GetProperty("model_version").GetProperty("version").GetString()!;
    }

    /// <summary>Points <paramref name="alias"/> of <see cref="Model"/> at <paramref name="version"/>.</summary>
    public async Task SetAliasAsync(string alias, string version) =>
        (await Server.PostAsync(ServerFixture.Api + "/registered-models/alias", $$"""{"name":"{{Model}}","alias":"{{alias}}","version":"{{version}}"}""")).AssertOk();

    private static async Task<string> TrainAsync(Tracker tracker, string maxDepth) =>
        (await TrainingJob.RunAsync(tracker, new TrainingRequest
        {
            DataPath = DataFixtures.TipsPath,
            Target = "tip",
            Rounds = 25,
            Experiment = "predict-tips",
            Parameters = new Dictionary<string, string> { ["max_depth"] = maxDepth },
        })).RunId;
}
