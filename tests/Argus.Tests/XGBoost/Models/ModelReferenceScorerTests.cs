using Argus.Core.Data;
using Argus.Core.Monitoring.Suites;
using Argus.Core.Monitoring.Windows;
using Argus.Core.Registry;
using Argus.Core.Tracking.Sdk;
using Argus.Tests.Core.Data;
using Argus.Tests.Core.Inference;
using Argus.Tests.Core.Monitoring.Windows;
using Argus.Tests.Infrastructure;
using Argus.XGBoost.Models;
using Argus.XGBoost.Training;

namespace Argus.Tests.XGBoost.Models;

/// <summary>
/// Monitoring windows compare like with like: the reference is scored by the version that answered the window, so it
/// has the window's prediction column (prediction drift, equal column counts, reference model metrics).
/// </summary>
public sealed class ModelReferenceScorerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Ten = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new("argus-reference-scorer");
    private Tracker _tracker = null!;
    private Table _reference = null!;

    public async Task InitializeAsync()
    {
        _tracker = await Tracker.CreateAsync(_directory.SqliteUri());
        var outcome = await TrainingJob.RunAsync(_tracker, new TrainingRequest { DataPath = DataFixtures.TipsPath, Target = "tip", Rounds = 10 });
        var registry = ModelRegistries.For(_tracker.Store);
        await registry.CreateRegisteredModelAsync("tips", null, [], CancellationToken.None);
        await registry.CreateModelVersionAsync(new ModelVersionCreation("tips", $"runs:/{outcome.RunId}/model") { RunId = outcome.RunId }, CancellationToken.None);
        _reference = TableLoader.Load(DataFixtures.TipsPath, new ColumnMapping { Target = "tip", Task = "regression" });
    }

    public async Task DisposeAsync()
    {
        await _tracker.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task PredictAsync_EqualsTheVersionsBoosterOnTheReference()
    {
        var predictions = await new ModelReferenceScorer(_tracker.Store).PredictAsync("tips", "1", _reference, CancellationToken.None);

        using var package = await (await ModelSource.ResolveAsync("models:/tips/1", _tracker.Store)).LoadAsync(_tracker.Store);
        var encoded = package.Encoder.Encode(_reference);
        var expected = package.Booster.Predict(encoded.Features, encoded.RowCount, encoded.ColumnCount);
        Assert.Equal(expected.Select(e => (double)e), predictions);
        Assert.Equal(_reference.RowCount, predictions.Length);
    }

    [Fact]
    public async Task MonitorJob_WithTheScorer_ReferenceHasPredictions_ColumnCountsMatchAndPredictionDriftIsTested()
    {
        var logRoot = _directory.Combine("inference");
        await DriftedTraffic.WriteAsync(logRoot, "tips", Ten);
        MonitorOptions Options(bool scored) => new()
        {
            Model = "tips",
            LogRoot = logRoot,
            Reference = _reference,
            Experiment = scored ? "scored" : "unscored",
            ReferenceScorer = scored ? new ModelReferenceScorer(_tracker.Store) : null,
            TimeProvider = new ManualTimeProvider(Ten.AddHours(2).AddMinutes(5)),
        };

        var unscored = (await MonitorJob.RunAsync(_tracker, Options(scored: false)))[0].Report!;
        var scored = (await MonitorJob.RunAsync(_tracker, Options(scored: true)))[0].Report!;

        // Without predictions in the reference, the window has one column more and the column-count test fails by construction.
        Assert.Equal(TestStatus.Fail, ColumnCountTest(unscored).Status);
        Assert.Null(unscored.TargetDrift);

        Assert.Equal(TestStatus.Success, ColumnCountTest(scored).Status);
        Assert.Equal(scored.Metrics["quality.column_count"], scored.ReferenceMetrics["quality.column_count"]);
        // The logged predictions are all 3 (DriftedTraffic) while the model's vary: the prediction column drifts.
        var prediction = Assert.Single(scored.TargetDrift!.Columns, c => c.Column == WindowTable.PredictionColumn);
        Assert.True(prediction.DriftDetected);
        Assert.Equal(1, scored.Metrics["target_drift.columns.prediction.drift_detected"]);
        Assert.Contains(scored.TargetDrift.SkippedColumns, s => s.Column == "tip"); // no ground truth in this window yet
        Assert.DoesNotContain(scored.Drift!.Columns, c => c.Column is "tip" or WindowTable.PredictionColumn); // data drift stays on the features
    }

    [Fact]
    public async Task MonitorJob_VersionTheRegistryLacks_ComparesUnscoredAndSaysWhy()
    {
        var logRoot = _directory.Combine("inference-unknown");
        await DriftedTraffic.WriteAsync(logRoot, "tips-from-a-folder", Ten); // served from a folder: no registered model

        var windows = await MonitorJob.RunAsync(_tracker, new MonitorOptions
        {
            Model = "tips-from-a-folder",
            LogRoot = logRoot,
            Reference = _reference,
            ReferenceScorer = new ModelReferenceScorer(_tracker.Store),
            TimeProvider = new ManualTimeProvider(Ten.AddHours(2).AddMinutes(5)),
        });

        Assert.Equal(2, windows.Count);
        Assert.All(windows, w => Assert.Contains("not scored by tips-from-a-folder version 1", w.ReferenceNote, StringComparison.Ordinal));
        Assert.All(windows, w => Assert.Null(w.Report!.TargetDrift));
        Assert.True(windows[1].Report!.Drift!.DatasetDrift); // the features are still compared
    }

    private static MetricTestResult ColumnCountTest(Argus.Core.Monitoring.Reports.MonitoringReport report) =>
        Assert.Single(report.Tests!.Tests, t => t.Metric == "quality.column_count");
}
