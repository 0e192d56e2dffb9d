using Argus.Core.Tracking.Sdk;
using Argus.Server.Hosting;
using Argus.Server.Serving;
using Argus.Tests.Core.Data;
using Argus.Tests.Infrastructure;
using Argus.XGBoost.Training;

namespace Argus.Tests.Server.Hosting;

/// <summary>
/// An <c>argus server</c> with small body limits on every route family — JSON 1,000 bytes, large JSON 3,000, alert
/// webhook 1,000, predict 1,000, artifacts 4,000 (so Kestrel's cap is 4,000) — serving a tips model under
/// <c>/serving/</c> with a 2,000-byte scoring limit and an inference log, and registered as <c>tips</c> version 1.
/// </summary>
public sealed class BodyLimitsServer : IAsyncLifetime
{
    public const long Json = 1_000;
    public const long LargeJson = 3_000;
    public const long Artifact = 4_000;
    public const long Scoring = 2_000;

    private readonly TempDirectory _directory = new("argus-limits");

    public RunningServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var uri = _directory.SqliteUri();
        string runId;
        await using (var tracker = await Tracker.CreateAsync(uri))
        {
            runId = (await TrainingJob.RunAsync(tracker, new TrainingRequest { DataPath = DataFixtures.TipsPath, Target = "tip", Rounds = 3 })).RunId;
        }

        Server = await ArgusServer.StartAsync(new ArgusServerOptions
        {
            Port = 0,
            BackendStoreUri = uri,
            MaxJsonBodyBytes = Json,
            MaxLargeJsonBodyBytes = LargeJson,
            MaxAlertWebhookBytes = Json,
            MaxPredictBodyBytes = Json,
            MaxArtifactBytes = Artifact,
            Scheduler = new Argus.Server.Pipelines.PipelineSchedulerOptions { Enabled = false },
            Serving = new ServingOptions { ModelUri = $"runs:/{runId}/model", MaxBodyBytes = Scoring, InferenceLogDirectory = _directory.Combine("inference") },
        });
        using var http = new HttpClient { BaseAddress = Server.Url };
        (await ServerFixture.PostAsync(http, ServerFixture.Api + "/registered-models/create", """{"name":"tips"}""")).AssertOk();
        (await ServerFixture.PostAsync(http, ServerFixture.Api + "/model-versions/create", $$"""{"name":"tips","source":"runs:/{{runId}}/model","run_id":"{{runId}}"}""")).AssertOk();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }
}
