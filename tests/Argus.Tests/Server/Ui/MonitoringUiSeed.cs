using Argus.Core.Data;
using Argus.Core.Inference;
using Argus.Core.Monitoring.Windows;
using Argus.Core.Tracking.Sdk;
using Argus.Tests.Core.Alerts;
using Argus.Tests.Core.Data;
using Argus.Tests.Core.Inference;
using Argus.Tests.Core.Monitoring.Windows;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Server.Ui;

/// <summary>
/// A real Argus server holding what <c>argus monitor</c> records: the real <see cref="MonitorJob"/>, through the
/// server's HTTP API, turns an inference log into two hourly windows of the model <see cref="Model"/> (the first like
/// the reference, with ground truth; the second drifted). Alertmanager posted two alerts to the webhook: a firing one
/// labelled with the model and a resolved one.
/// </summary>
public sealed class MonitoringUiSeed : IAsyncLifetime
{
    public const string Model = "tips";

    public const string DriftAlert = "ModelDriftHigh";

    public const string StaleAlert = "MlopsBatchJobStale";

    public static readonly DateTimeOffset Ten = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static readonly string[] Columns = ["total_bill", "sex", "smoker", "day", "time", "size"];

    private readonly TempDirectory _directory = new("argus-monitor-ui");

    public ServerFixture Server { get; } = new();

    public IReadOnlyList<MonitorWindow> Windows { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        var logRoot = _directory.Combine("inference");
        await DriftedTraffic.WriteAsync(logRoot, Model, Ten);

        // Ground truth for the first window, so it has regression metrics.
        var feedback = new FeedbackLog(logRoot, new ManualTimeProvider(Ten.AddHours(2)), "i1");
        for (var i = 0; i < 100; i += 2)
        {
            await feedback.AppendAsync(Model, new FeedbackRecord($"0-{i}", Ten.AddHours(2), [FeedbackValue.FromNumber(2.5 + (i % 3))]));
        }

        await using (var tracker = await Tracker.CreateAsync(Server.BaseAddress.AbsoluteUri))
        {
            Windows = await MonitorJob.RunAsync(tracker, new MonitorOptions
            {
                Model = Model,
                LogRoot = logRoot,
                Reference = TableLoader.Load(DataFixtures.TipsPath, new ColumnMapping { Target = "tip", Task = "regression" }),
                Window = TimeSpan.FromHours(1),
                TimeProvider = new ManualTimeProvider(Ten.AddHours(2).AddMinutes(5)),
            });
        }

        (await Server.PostAsync("/api/v1/alerts/webhook",
            AlertPayloads.Message(DriftAlert, Ten.AddHours(1).AddMinutes(30), new Dictionary<string, string> { ["model"] = Model, ["severity"] = "warning" }, "a1b2c3d4e5f60718"))).AssertOk();
        (await Server.PostAsync("/api/v1/alerts/webhook", AlertPayloads.Firing(StaleAlert, "0f1e2d3c4b5a6978", resolved: true))).AssertOk();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }
}
