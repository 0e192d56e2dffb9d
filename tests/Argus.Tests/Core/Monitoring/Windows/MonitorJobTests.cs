using Argus.Core.Data;
using Argus.Core.Inference;
using Argus.Core.Monitoring.Windows;
using Argus.Core.Notifications;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Sdk;
using Argus.Tests.Core.Data;
using Argus.Tests.Core.Inference;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Monitoring.Windows;

/// <summary>Windows of a real inference log become runs once, with their report; a crashed window is computed again.</summary>
public sealed class MonitorJobTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Ten = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] Columns = ["total_bill", "sex", "smoker", "day", "time", "size"];
    private readonly TempDirectory _directory = new("argus-monitor");
    private Tracker _tracker = null!;
    private Table _reference = null!;

    private string LogRoot => _directory.Combine("inference");

    public async Task InitializeAsync()
    {
        _tracker = await Tracker.CreateAsync(_directory.SqliteUri());
        _reference = TableLoader.Load(DataFixtures.TipsPath, new ColumnMapping { Target = "tip", Task = "regression" });
        await using (var writer = new InferenceLogWriter(new InferenceLogOptions { Root = LogRoot, Instance = "i1" }))
        {
            // 10:00–11:00: 20 requests of two rows; 11:00–12:00: 10 requests; 12:00–13:00 has not ended at 12:30.
            for (var i = 0; i < 20; i++)
            {
                await writer.WriteAsync(Record($"a{i}", Ten.AddMinutes(2 * i), 10 + i, "Female", 2.0f + (i % 3)));
            }

            for (var i = 0; i < 10; i++)
            {
                await writer.WriteAsync(Record($"b{i}", Ten.AddHours(1).AddMinutes(5 * i), 30 + i, "Male", 4f));
            }

            await writer.WriteAsync(Record("c0", Ten.AddHours(2).AddMinutes(10), 12, "Male", 2f));
        }

        // Ground truth for half the first window's requests.
        var feedback = new FeedbackLog(LogRoot, new ManualTimeProvider(Ten.AddHours(2)), "i1");
        for (var i = 0; i < 20; i += 2)
        {
            await feedback.AppendAsync("tips", new FeedbackRecord($"a{i}", Ten.AddHours(2), [FeedbackValue.FromNumber(2.5), FeedbackValue.FromNumber(3.5)]));
        }
    }

    public async Task DisposeAsync()
    {
        await _tracker.DisposeAsync();
        _directory.Dispose();
    }

    private MonitorOptions Options(DateTimeOffset now) => new()
    {
        Model = "tips",
        LogRoot = LogRoot,
        Reference = _reference,
        Window = TimeSpan.FromHours(1),
        TimeProvider = new ManualTimeProvider(now),
    };

    private static InferenceRecord Record(string id, DateTimeOffset at, double bill, string sex, float prediction) => new()
    {
        RequestId = id,
        Timestamp = at,
        Model = "tips",
        Version = "1",
        Columns = Columns,
        Inputs = InferenceInputs.FromRows([
            [bill, sex, "No", "Sun", "Dinner", 2.0],
            [bill + 5, sex, "Yes", "Sat", "Dinner", "3"],
        ]),
        Outputs = [prediction, prediction + 1],
        LatencyMicroseconds = 100,
    };

    [Fact]
    public async Task RunAsync_EndedWindows_EachARunWithReportAndMetrics()
    {
        var windows = await MonitorJob.RunAsync(_tracker, Options(Ten.AddHours(2).AddMinutes(30)));

        Assert.Equal([Ten, Ten.AddHours(1)], windows.Select(w => w.Start));
        Assert.Equal([40, 20], windows.Select(w => w.Rows));
        Assert.All(windows, w => Assert.False(w.Skipped));

        var first = await _tracker.Store.GetRunAsync(windows[0].RunId, CancellationToken.None);
        Assert.Equal(RunStatus.Finished, first.Info.Status);
        Assert.Equal("2026-11-23T10:00:00Z", first.Data.Tags.Single(t => t.Key == MonitorJob.WindowStartTag).Value);
        Assert.Equal("1", first.Data.Tags.Single(t => t.Key == MonitorJob.ModelVersionTag).Value);
        var metrics = first.Data.Metrics.ToDictionary(m => m.Key, m => m.Value);
        Assert.Equal(40, metrics["window.rows"]);
        Assert.Equal(20, metrics["window.rows_with_actual"]);
        // Rows with ground truth: actual 2.5 and 3.5 against predictions p and p + 1, p = 2, 4 or 3 by request.
        var report = windows[0].Report!;
        Assert.Equal(20, report.Regression!.RowCount);
        Assert.Equal(report.Regression.Rmse, metrics["regression.rmse"]);
        Assert.Equal(0, metrics["quality.columns.total_bill.missing_share"]);
        Assert.Null(windows[1].Report!.Regression); // no ground truth in the second window
        Assert.All(windows, w => Assert.NotEmpty(w.Report!.Tests!.Tests)); // each window runs the default test suite, for the failed-tests gauge

        var artifacts = Path.Combine(new Uri(first.Info.ArtifactUri).LocalPath);
        Assert.StartsWith("<!DOCTYPE html>", await File.ReadAllTextAsync(Path.Combine(artifacts, "report.html")), StringComparison.Ordinal);
        Assert.Equal(20, MonitoringMetrics.LatestValue("tips", "quality.row_count")); // the instruments hold the latest window
    }

    [Fact]
    public async Task RunAsync_Again_SkipsDoneWindows_AndComputesTheOneThatEnded()
    {
        await MonitorJob.RunAsync(_tracker, Options(Ten.AddHours(2).AddMinutes(30)));

        var again = await MonitorJob.RunAsync(_tracker, Options(Ten.AddHours(3).AddMinutes(1)));

        Assert.Equal([true, true, false], again.Select(w => w.Skipped));
        Assert.Equal(Ten.AddHours(2), again[2].Start);
        Assert.Equal(2, again[2].Rows);
    }

    [Fact]
    public async Task RunAsync_WindowWhoseRunNeverFinished_ComputedAgainAndStaleRunFailed()
    {
        // A run left RUNNING, as a monitor killed mid-window leaves it.
        var experimentId = await _tracker.Store.GetOrCreateExperimentAsync("monitoring/tips", CancellationToken.None);
        var stale = await _tracker.StartRunAsync("monitoring/tips", "crashed", new Dictionary<string, string> { [MonitorJob.WindowStartTag] = "2026-11-23T10:00:00Z" });
        await stale.FlushAsync();

        var windows = await MonitorJob.RunAsync(_tracker, Options(Ten.AddHours(1).AddMinutes(30)));

        var window = Assert.Single(windows);
        Assert.False(window.Skipped);
        Assert.NotEqual(stale.RunId, window.RunId);
        Assert.Equal(RunStatus.Failed, (await _tracker.Store.GetRunAsync(stale.RunId, CancellationToken.None)).Info.Status);
        Assert.Equal(experimentId, (await _tracker.Store.GetRunAsync(window.RunId, CancellationToken.None)).Info.ExperimentId);
    }

    [Fact]
    public async Task RunAsync_DriftedWindow_NotifiesEveryDriftedColumn()
    {
        var root = _directory.Combine("drifted");
        await DriftedTraffic.WriteAsync(root, "tips", Ten);

        await using var receiver = await HttpReceiver.StartAsync();
        using var notifier = new Notifier(new NotificationOptions
        {
            Channels = [new WebhookChannelOptions { Name = "chat", Url = receiver.Url, Format = WebhookFormat.Json }],
        });

        var windows = await MonitorJob.RunAsync(_tracker, Options(Ten.AddHours(2)) with { LogRoot = root, Experiment = "monitoring/drifted", Notifier = notifier });

        Assert.Equal(2, windows.Count);
        Assert.False(windows[0].Report!.Drift!.DatasetDrift);
        Assert.Null(windows[0].Notified);
        var drift = windows[1].Report!.Drift!;
        Assert.True(drift.DatasetDrift);
        Assert.Equal(["chat"], windows[1].Notified!.Where(r => r.Delivered).Select(r => r.Channel));
        var request = Assert.Single(receiver.Requests);
        using var body = System.Text.Json.JsonDocument.Parse(request.Body);
        var items = body.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.Equal(drift.Columns.Where(c => c.DriftDetected).Select(c => c.Column), items);
        Assert.Contains("total_bill", items);
        Assert.Contains("smoker", items);
        var run = await _tracker.Store.GetRunAsync(windows[1].RunId, CancellationToken.None);
        Assert.Equal(1, run.Data.Metrics.Single(m => m.Key == "drift.dataset_drift").Value);
    }

    [Fact]
    public async Task RunAsync_FeatureNeverSent_WindowStillComputed_ColumnSkippedWithReason()
    {
        var root = _directory.Combine("partial");
        await using (var writer = new InferenceLogWriter(new InferenceLogOptions { Root = root, Instance = "i1" }))
        {
            for (var i = 0; i < 30; i++)
            {
                await writer.WriteAsync(new InferenceRecord
                {
                    RequestId = $"p{i}",
                    Timestamp = Ten.AddSeconds(60 * i),
                    Model = "tips",
                    Version = "1",
                    Columns = ["total_bill", "sex", "smoker", "day", "time"], // no "size"
                    Inputs = InferenceInputs.FromRows([[12.0 + i, "Male", "No", "Sun", "Dinner"]]),
                    Outputs = [2f],
                });
            }
        }

        var window = Assert.Single(await MonitorJob.RunAsync(_tracker, Options(Ten.AddHours(1)) with { LogRoot = root, Experiment = "monitoring/partial" }));

        var drift = window.Report!.Drift!;
        Assert.Equal(["total_bill", "sex", "smoker", "day", "time"], drift.Columns.Select(c => c.Column));
        var skipped = Assert.Single(drift.SkippedColumns);
        Assert.Equal(("size", "no value in the current data"), (skipped.Column, skipped.Reason));
        Assert.Equal(1, window.Report.Metrics["quality.columns.size.missing_share"]);
    }
}
