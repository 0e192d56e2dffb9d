using System.Text.Json;
using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Performance;
using Argus.Core.Monitoring.Reports;
using Argus.Core.Monitoring.Suites;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Monitoring.Reports;

public sealed class MonitoringReportsTests : IDisposable
{
    private static readonly ColumnMapping Mapping = new() { Target = "tip", Prediction = "prediction" };
    private readonly TempDirectory _directory = new("argus-report");
    private readonly Table _reference;
    private readonly Table _current;

    public MonitoringReportsTests()
    {
        var (reference, current) = ReportData.Write(_directory.Path);
        _reference = TableLoader.Load(reference, Mapping);
        _current = TableLoader.Load(current, _reference.Schema);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Compute_QualityAndRegression_MetricsAreTheCalculationsOwn()
    {
        var report = MonitoringReports.Compute(new ReportRequest { Reference = _reference, Current = _current, Presets = [ReportPreset.Quality, ReportPreset.Regression] });

        var direct = RegressionPerformance.Compute(_current["tip"].Numbers, _current["prediction"].Numbers);
        Assert.Equal(direct.Rmse, report.Metrics["regression.rmse"]);
        Assert.Equal(direct.MeanError, report.Regression!.MeanError);
        Assert.InRange(report.Regression.MeanError, 0.29, 0.31); // the bias written into the current predictions
        Assert.Equal(_current.RowCount, report.Metrics["quality.row_count"]);
        Assert.Equal(8, report.Quality!.Current.ColumnCount);
        Assert.Null(report.Classification);

        using var json = JsonDocument.Parse(report.ToJson());
        Assert.Equal(["quality", "regression"], json.RootElement.GetProperty("presets").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(direct.Rmse, json.RootElement.GetProperty("regression").GetProperty("rmse").GetDouble());
    }

    [Fact]
    public void Compute_DriftAndTarget_FeaturesApartFromRoles_SameNumbersAsDatasetDrift()
    {
        var report = MonitoringReports.Compute(new ReportRequest { Reference = _reference, Current = _current, Presets = [ReportPreset.Drift, ReportPreset.Target] });

        Assert.Equal(["total_bill", "sex", "smoker", "day", "time", "size"], report.Drift!.Columns.Select(c => c.Column));
        Assert.Equal(["tip", "prediction"], report.TargetDrift!.Columns.Select(c => c.Column));
        var pair = Argus.Core.Monitoring.Drift.ColumnTableLoader.FromTables(_reference, _current);
        var direct = Argus.Core.Monitoring.Drift.DatasetDrift.Compute(pair.Reference, pair.Current, new() { Columns = ["total_bill"] });
        Assert.Equal(direct.Columns[0].Score, report.Metrics["drift.columns.total_bill.score"]);
        Assert.Equal(report.Drift.ShareOfDriftedColumns, report.Metrics["drift.share_of_drifted_columns"]);
        Assert.Equal(8, report.Distributions.Count);
        using var json = JsonDocument.Parse(report.ToJson());
        Assert.Equal(6, json.RootElement.GetProperty("drift").GetProperty("number_of_columns").GetInt32());
    }

    [Fact]
    public void Compute_DriftWithoutReference_SaysItNeedsOne()
    {
        var error = Assert.Throws<ArgusException>(() => MonitoringReports.Compute(new ReportRequest { Current = _current, Presets = [ReportPreset.Drift] }));

        Assert.Contains("need a reference", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultTests_WithReference_CatchTheBiasedPredictions()
    {
        var request = new ReportRequest { Reference = _reference, Current = _current, Presets = [ReportPreset.Quality, ReportPreset.Regression] };
        var suite = MonitoringReports.DefaultTests(MonitoringReports.Compute(request), hasReference: true);

        var report = MonitoringReports.Compute(request with { Tests = suite });

        var byMetric = report.Tests!.Tests.ToDictionary(t => t.Metric);
        Assert.Equal(TestStatus.Fail, byMetric["regression.mae"].Status);
        Assert.Equal(TestStatus.Success, byMetric["quality.column_count"].Status);
        Assert.Equal(TestStatus.Success, byMetric["quality.columns.tip.missing_share"].Status);
        Assert.False(report.Tests.Summary.Passed);
        var html = report.ToHtml();
        Assert.DoesNotContain("TestCondition {", html, StringComparison.Ordinal); // the condition column reads as people write it
        Assert.Contains("<td>== reference &#177;10%</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_RegressionWithoutPredictionColumn_ClearError()
    {
        var plain = TableLoader.Load(Argus.Tests.Core.Data.DataFixtures.TipsPath, new ColumnMapping { Target = "tip" });

        var error = Assert.Throws<ArgusException>(() => MonitoringReports.Compute(new ReportRequest { Current = plain, Presets = [ReportPreset.Regression] }));

        Assert.Contains("needs the target and prediction columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_ReferenceWithOtherColumns_NamesThem()
    {
        var plain = TableLoader.Load(Argus.Tests.Core.Data.DataFixtures.TipsPath);

        var error = Assert.Throws<ArgusException>(() => MonitoringReports.Compute(new ReportRequest { Reference = _reference, Current = plain, Presets = [ReportPreset.Quality] }));

        Assert.Contains("only in reference: [prediction]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_BinaryProbabilities_ScoredAsProbabilities()
    {
        var path = _directory.Combine("binary.csv");
        File.WriteAllText(path, "x,y,p\n1,1,0.9\n2,0,0.2\n3,1,0.6\n4,0,0.4\n5,1,0.3\n6,0,0.1\n");
        var table = TableLoader.Load(path, new ColumnMapping { Target = "y", Prediction = "p", NumericalFeatures = ["x"], Task = "classification" });

        var report = MonitoringReports.Compute(new ReportRequest { Current = table, Presets = [ReportPreset.Classification] });

        Assert.Equal(8.0 / 9.0, report.Classification!.RocAuc!.Value, 12);
        Assert.Equal(5.0 / 6.0, report.Classification.Accuracy, 12); // p ≥ 0.5 is positive: one positive (0.3) missed
    }
}
