using Argus.Core.Tracking.Sdk;
using Argus.Server.Hosting;
using Argus.Server.Serving;
using Argus.Tests.Core.Data;
using Argus.Tests.Infrastructure;
using Argus.XGBoost.Training;

namespace Argus.Tests.Server.Serving;

/// <summary>
/// A small tips model served by <c>argus serve</c>'s host with an inference log (so <c>/feedback</c> works), a
/// 256 KiB body limit and at most <see cref="MaxHeaderCount"/> request headers.
/// </summary>
public sealed class LoggedTipsModel : IAsyncLifetime
{
    public const int MaxHeaderCount = 30;

    public const long MaxBodyBytes = 256 * 1024;

    private readonly TempDirectory _directory = new("argus-serve-fuzz");

    public RunningServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var uri = _directory.SqliteUri();
        string runId;
        await using (var tracker = await Tracker.CreateAsync(uri))
        {
            runId = (await TrainingJob.RunAsync(tracker, new TrainingRequest { DataPath = DataFixtures.TipsPath, Target = "tip", Rounds = 5 })).RunId;
        }

        Server = await ModelServer.StartAsync(new ServingOptions
        {
            ModelUri = $"runs:/{runId}/model",
            TrackingUri = uri,
            Port = 0,
            MaxBodyBytes = MaxBodyBytes,
            InferenceLogDirectory = _directory.Combine("inference"),
            HttpLimits = new HttpLimits { MaxRequestHeaderCount = MaxHeaderCount },
        });
        Http = new HttpClient { BaseAddress = Server.Url };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        _directory.Dispose();
    }
}
