using System.Diagnostics.Metrics;
using Argus.Core.Monitoring.Drift;
using Argus.Core.Monitoring.Reports;
using Argus.Core.Monitoring.Suites;
using Argus.Core.Monitoring.Windows;

namespace Argus.Tests.Core.Monitoring.Windows;

public sealed class MonitoringMetricsTests
{
    private static MonitoringReport Report(bool datasetDrift, params ColumnDriftResult[] columns) => new()
    {
        Title = "w",
        Generated = DateTimeOffset.UnixEpoch,
        Presets = [ReportPreset.Drift, ReportPreset.Regression],
        Drift = new DatasetDriftResult(datasetDrift, 0.5, columns.Length, columns.Count(c => c.DriftDetected),
            columns.Count(c => c.DriftDetected) / (double)columns.Length, columns, []),
        Metrics = new Dictionary<string, double> { ["regression.rmse"] = 1.5, ["quality.columns.tip.missing_share"] = 0 },
        ReferenceMetrics = new Dictionary<string, double> { ["regression.rmse"] = 1.0 },
        Tests = new TestSuiteResult([], new TestSuiteSummary(3, 1, 2, 0, 0)),
    };

    // What the exporter would read: every measurement of the Argus.Monitoring gauges for one model.
    private static List<(string Instrument, double Value, Dictionary<string, string> Tags)> Observe(string model)
    {
        var seen = new List<(string, double, Dictionary<string, string>)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MonitoringMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value?.ToString() ?? "";
            }

            if (map.GetValueOrDefault("model") == model)
            {
                seen.Add((instrument.Name, value, map));
            }
        }

        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Add(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }

    [Fact]
    public void Record_PublishesDriftPerColumnDatasetVerdictReferenceAndFailedTests()
    {
        var model = $"m-{Guid.NewGuid():N}";
        MonitoringMetrics.Record(model, "3", 40, Report(true,
            new ColumnDriftResult("total_bill", "num", "ks", 0.05, 0.001, true),
            new ColumnDriftResult("day", "cat", "chisquare", 0.05, 0.4, false)));
        var seen = Observe(model);
        var bill = Assert.Single(seen, s => s.Instrument == "argus.monitoring.drift.score" && s.Tags["column"] == "total_bill");
        Assert.Equal(0.001, bill.Value);
        Assert.Equal("ks", bill.Tags["stattest"]);
        Assert.Equal(1, Assert.Single(seen, s => s.Instrument == "argus.monitoring.drift.detected" && s.Tags["column"] == "total_bill").Value);
        Assert.Equal(0, Assert.Single(seen, s => s.Instrument == "argus.monitoring.drift.detected" && s.Tags["column"] == "day").Value);
        Assert.Equal(1, Assert.Single(seen, s => s.Instrument == "argus.monitoring.dataset_drift").Value);
        Assert.Equal(0.5, Assert.Single(seen, s => s.Instrument == "argus.monitoring.share_of_drifted_columns").Value);
        Assert.Equal(2, Assert.Single(seen, s => s.Instrument == "argus.monitoring.test_suite.failed_tests").Value);
        var rmse = Assert.Single(seen, s => s.Instrument == "argus.monitoring.metric" && s.Tags["metric"] == "regression.rmse");
        Assert.Equal(1.5, rmse.Value);
        Assert.Equal("3", rmse.Tags["version"]);
        Assert.Equal(1.0, Assert.Single(seen, s => s.Instrument == "argus.monitoring.reference_metric" && s.Tags["metric"] == "regression.rmse").Value);
        Assert.DoesNotContain(seen, s => s.Tags.GetValueOrDefault("metric") == "quality.columns.tip.missing_share");
    }

    [Fact]
    public void Record_NextWindow_ReplacesTheModelsColumns()
    {
        var model = $"m-{Guid.NewGuid():N}";
        MonitoringMetrics.Record(model, "1", 10, Report(false, new ColumnDriftResult("old", "num", "wasserstein", 0.1, 0.01, false)));
        MonitoringMetrics.Record(model, null, 10, Report(false, new ColumnDriftResult("new", "num", "wasserstein", 0.1, 0.2, true)));
        var columns = Observe(model).Where(s => s.Instrument == "argus.monitoring.drift.score").Select(s => s.Tags["column"]).ToList();
        Assert.Equal(["new"], columns);
        Assert.Equal((0.2, true, "wasserstein"), MonitoringMetrics.LatestDrift(model, "new"));
        Assert.Null(MonitoringMetrics.LatestDrift(model, "old"));
    }
}
