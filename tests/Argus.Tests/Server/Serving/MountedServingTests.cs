using System.Net;
using System.Text;
using Argus.Core.Tracking.Sdk;
using Argus.Server.Hosting;
using Argus.Server.Serving;
using Argus.Tests.Core.Data;
using Argus.Tests.Infrastructure;
using Argus.XGBoost.Training;

namespace Argus.Tests.Server.Serving;

/// <summary><c>argus server --serve-model</c>: the scoring routes under <c>/serving/</c> beside the tracking API.</summary>
public sealed class MountedServingTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly TempDirectory _directory = new("argus-mounted");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ServerWithServeModel_ScoresUnderServingAndKeepsTracking()
    {
        string runId;
        await using (var tracker = await Tracker.CreateAsync(_directory.SqliteUri()))
        {
            runId = (await TrainingJob.RunAsync(tracker, new TrainingRequest { DataPath = DataFixtures.TipsPath, Target = "tip", Rounds = 10 })).RunId;
        }

        await using var server = await ArgusServer.StartAsync(new ArgusServerOptions
        {
            Port = 0,
            BackendStoreUri = _directory.SqliteUri(),
            Serving = new ServingOptions { ModelUri = $"runs:/{runId}/model" },
        }, Ct);
        using var http = new HttpClient { BaseAddress = server.Url };

        using var scored = await http.PostAsync("/serving/invocations",
            new StringContent("""{"instances": [[16.99, "Female", "No", "Sun", "Dinner", 2]]}""", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
        Assert.StartsWith("{\"predictions\":[", await scored.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("\n", await http.GetStringAsync("/serving/ping", Ct));
        Assert.Contains("<form", await http.GetStringAsync("/serving/", Ct), StringComparison.Ordinal);
        Assert.Equal("OK", await http.GetStringAsync("/health", Ct));
        using var run = await http.GetAsync($"/api/2.0/mlflow/runs/get?run_id={runId}", Ct);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
    }
}
