using System.Text.Json;
using Argus.Core.Monitoring.Performance;
using Argus.Core.Monitoring.Quality;
using Argus.Tests.Core.Monitoring.Quality;

namespace Argus.Tests.Core.Monitoring.Performance;

/// <summary>The performance calculations against Evidently's code paths and scikit-learn 1.2 (Vectors/performance_vectors.json) at 1e-9.</summary>
public sealed class PerformanceVectorTests : IDisposable
{
    private readonly JsonDocument _vectors = VectorJson.Load("Performance", "performance_vectors.json");

    public void Dispose() => _vectors.Dispose();

    [Fact]
    public void Regression_EvidentlyAndSklearn_Match()
    {
        foreach (var c in _vectors.RootElement.GetProperty("regression").EnumerateArray())
        {
            var name = c.GetProperty("name").GetString()!;
            var options = new RegressionOptions
            {
                MapeDenominator = c.GetProperty("mape_denominator").GetString() == "absolute" ? MapeDenominator.Absolute : MapeDenominator.EvidentlyMaximum,
            };
            var features = new List<QualityColumn>
            {
                QualityColumn.Numeric("num", VectorJson.Numbers(c.GetProperty("num_feature"))),
                QualityVectorTests.Coded("cat", VectorJson.Strings(c.GetProperty("cat_feature"))),
            };
            var referenceJson = c.GetProperty("reference_target");
            var reference = referenceJson.ValueKind == JsonValueKind.Null ? [] : VectorJson.Numbers(referenceJson);
            var r = RegressionPerformance.Compute(
                VectorJson.Numbers(c.GetProperty("target")), VectorJson.Numbers(c.GetProperty("prediction")), options, features, reference);
            var e = c.GetProperty("expected");
            Assert.Equal(e.GetProperty("row_count").GetInt64(), r.RowCount);
            Assert.Equal(e.GetProperty("dropped_row_count").GetInt64(), r.DroppedRowCount);
            VectorJson.Close(e.GetProperty("mean_error"), r.MeanError, $"{name} ME");
            VectorJson.Close(e.GetProperty("error_std"), r.ErrorStd, $"{name} error std");
            VectorJson.Close(e.GetProperty("mean_abs_error"), r.MeanAbsError, $"{name} MAE");
            VectorJson.Close(e.GetProperty("abs_error_std"), r.AbsErrorStd, $"{name} abs error std");
            VectorJson.Close(e.GetProperty("mape"), r.Mape, $"{name} MAPE");
            VectorJson.Close(e.GetProperty("mape_std"), r.MapeStd, $"{name} MAPE std");
            VectorJson.Close(e.GetProperty("rmse"), r.Rmse, $"{name} RMSE");
            VectorJson.Close(e.GetProperty("r2"), r.R2, $"{name} R2");
            VectorJson.Close(e.GetProperty("abs_max_error"), r.AbsMaxError, $"{name} max error");
            VectorJson.Close(e.GetProperty("dummy_mae"), r.Dummy.Mae, $"{name} dummy MAE");
            VectorJson.Close(e.GetProperty("dummy_rmse"), r.Dummy.Rmse, $"{name} dummy RMSE");
            VectorJson.Close(e.GetProperty("dummy_mape"), r.Dummy.Mape, $"{name} dummy MAPE");
            VectorJson.Close(e.GetProperty("dummy_abs_max_error"), r.Dummy.AbsMaxError, $"{name} dummy max error");
            if (reference.Length > 0)
            {
                VectorJson.Close(e.GetProperty("dummy_mae_by_reference"), r.Dummy.MaeByReference!.Value, $"{name} dummy MAE by ref");
                VectorJson.Close(e.GetProperty("dummy_rmse_by_reference"), r.Dummy.RmseByReference!.Value, $"{name} dummy RMSE by ref");
                VectorJson.Close(e.GetProperty("dummy_mape_by_reference"), r.Dummy.MapeByReference!.Value, $"{name} dummy MAPE by ref");
                VectorJson.Close(e.GetProperty("dummy_abs_max_error_by_reference"), r.Dummy.AbsMaxErrorByReference!.Value, $"{name} dummy max by ref");
            }
            else
            {
                Assert.Null(r.Dummy.MaeByReference);
            }

            var top = e.GetProperty("top_error");
            VectorJson.Close(top.GetProperty("low"), r.TopError.LowQuantile, $"{name} q5");
            VectorJson.Close(top.GetProperty("high"), r.TopError.HighQuantile, $"{name} q95");
            foreach (var (key, group) in new[] { ("under", r.TopError.Under), ("majority", r.TopError.Majority), ("over", r.TopError.Over) })
            {
                Assert.Equal(top.GetProperty(key).GetProperty("count").GetInt64(), group.Count);
                VectorJson.Close(top.GetProperty(key).GetProperty("mean"), group.MeanError, $"{name} {key} mean");
                VectorJson.Close(top.GetProperty(key).GetProperty("std"), group.StdError, $"{name} {key} std");
            }

            var nb = e.GetProperty("numeric_bias");
            var numeric = Assert.Single(r.NumericErrorBias);
            VectorJson.Close(nb.GetProperty("all"), numeric.All, $"{name} bias all");
            VectorJson.Close(nb.GetProperty("under"), numeric.Under, $"{name} bias under");
            VectorJson.Close(nb.GetProperty("over"), numeric.Over, $"{name} bias over");
            VectorJson.Close(nb.GetProperty("range"), numeric.RangePercent, $"{name} bias range");
            var cb = e.GetProperty("categorical_bias");
            var categorical = Assert.Single(r.CategoricalErrorBias);
            Assert.Equal(cb.GetProperty("all").GetString(), categorical.All);
            Assert.Equal(cb.GetProperty("under").GetString(), categorical.Under);
            Assert.Equal(cb.GetProperty("over").GetString(), categorical.Over);
            Assert.Equal(cb.GetProperty("differs").GetBoolean(), categorical.Differs);
        }
    }

    [Fact]
    public void Classification_EvidentlyAndSklearn_Match()
    {
        foreach (var c in _vectors.RootElement.GetProperty("classification").EnumerateArray())
        {
            var name = c.GetProperty("name").GetString()!;
            var labels = VectorJson.Labels(c.GetProperty("labels"));
            var target = Codes(VectorJson.Strings(c.GetProperty("target")), labels);
            var options = new ClassificationOptions { PositiveLabel = c.GetProperty("positive_label").GetString()! };
            var result = c.GetProperty("mode").GetString() == "labels"
                ? ClassificationPerformance.FromLabels(target, Codes(VectorJson.Strings(c.GetProperty("predicted")), labels), labels, options)
                : ClassificationPerformance.FromProbabilities(
                    target,
                    c.GetProperty("probabilities").EnumerateArray().Select(col => (ReadOnlyMemory<double>)VectorJson.Numbers(col)).ToList(),
                    labels,
                    options);
            AssertClassification(name, c.GetProperty("expected"), result);
        }
    }

    private static void AssertClassification(string name, JsonElement e, ClassificationResult r)
    {
        Assert.Equal(e.GetProperty("row_count").GetInt64(), r.RowCount);
        Assert.Equal(e.GetProperty("dropped_row_count").GetInt64(), r.DroppedRowCount);
        Assert.Equal(e.GetProperty("is_binary").GetBoolean(), r.IsBinary);
        Assert.Equal(VectorJson.Labels(e.GetProperty("labels")), r.ConfusionMatrix.Labels);
        var i = 0;
        foreach (var row in e.GetProperty("confusion_matrix").EnumerateArray())
        {
            Assert.Equal(row.EnumerateArray().Select(v => v.GetInt64()), r.ConfusionMatrix.Values[i++]);
        }

        VectorJson.Close(e.GetProperty("accuracy"), r.Accuracy, $"{name} accuracy");
        VectorJson.Close(e.GetProperty("precision"), r.Precision, $"{name} precision");
        VectorJson.Close(e.GetProperty("recall"), r.Recall, $"{name} recall");
        VectorJson.Close(e.GetProperty("f1"), r.F1, $"{name} f1");
        if (r.IsBinary)
        {
            VectorJson.Close(e.GetProperty("tpr"), r.TruePositiveRate!.Value, $"{name} tpr");
            VectorJson.Close(e.GetProperty("tnr"), r.TrueNegativeRate!.Value, $"{name} tnr");
            VectorJson.Close(e.GetProperty("fpr"), r.FalsePositiveRate!.Value, $"{name} fpr");
            VectorJson.Close(e.GetProperty("fnr"), r.FalseNegativeRate!.Value, $"{name} fnr");
        }
        else
        {
            Assert.Null(r.TruePositiveRate);
        }

        i = 0;
        foreach (var label in e.GetProperty("per_label").EnumerateArray())
        {
            var actual = r.Labels[i++];
            Assert.Equal(label.GetProperty("label").GetString(), actual.Label);
            Assert.Equal(label.GetProperty("support").GetInt64(), actual.Support);
            VectorJson.Close(label.GetProperty("precision"), actual.Precision, $"{name} {actual.Label} precision");
            VectorJson.Close(label.GetProperty("recall"), actual.Recall, $"{name} {actual.Label} recall");
            VectorJson.Close(label.GetProperty("f1"), actual.F1, $"{name} {actual.Label} f1");
        }

        if (!e.TryGetProperty("roc_auc", out var rocAuc))
        {
            Assert.Null(r.RocAuc);
            Assert.Null(r.Curves);
            return;
        }

        VectorJson.Close(rocAuc, r.RocAuc!.Value, $"{name} roc auc");
        VectorJson.Close(e.GetProperty("log_loss"), r.LogLoss!.Value, $"{name} log loss");
        VectorJson.Close(e.GetProperty("brier"), r.Brier!.Value, $"{name} brier");
        VectorJson.Close(e.GetProperty("ece"), r.ExpectedCalibrationError!.Value, $"{name} ece");
        foreach (var label in r.Labels)
        {
            VectorJson.Close(e.GetProperty("per_label_roc_auc").GetProperty(label.Label), label.RocAuc!.Value, $"{name} {label.Label} roc auc");
        }

        i = 0;
        foreach (var expected in e.GetProperty("curves").EnumerateArray())
        {
            var curve = r.Curves![i++];
            var what = $"{name} {curve.Label}";
            Assert.Equal(expected.GetProperty("label").GetString(), curve.Label);
            VectorJson.Close(expected.GetProperty("roc_auc"), curve.RocAuc, $"{what} auc");
            VectorJson.Close(expected.GetProperty("fpr"), curve.Roc.FalsePositiveRate, $"{what} fpr");
            VectorJson.Close(expected.GetProperty("tpr"), curve.Roc.TruePositiveRate, $"{what} tpr");
            VectorJson.Close(expected.GetProperty("roc_thresholds"), curve.Roc.Thresholds, $"{what} roc thresholds");
            VectorJson.Close(expected.GetProperty("precision"), curve.PrecisionRecall.Precision, $"{what} precision curve");
            VectorJson.Close(expected.GetProperty("recall"), curve.PrecisionRecall.Recall, $"{what} recall curve");
            VectorJson.Close(expected.GetProperty("pr_thresholds"), curve.PrecisionRecall.Thresholds, $"{what} pr thresholds");
            VectorJson.Close(expected.GetProperty("prob_true"), curve.Calibration.ProbTrue, $"{what} prob true");
            VectorJson.Close(expected.GetProperty("prob_pred"), curve.Calibration.ProbPred, $"{what} prob pred");
            Assert.Equal(VectorJson.Ints(expected.GetProperty("calibration_counts")).Select(x => (long)x), curve.Calibration.Counts);
            VectorJson.Close(expected.GetProperty("ece"), curve.ExpectedCalibrationError, $"{what} ece");
            VectorJson.Close(expected.GetProperty("brier"), curve.Brier, $"{what} brier");
            var rows = expected.GetProperty("pr_table").EnumerateArray().ToList();
            Assert.Equal(rows.Count, curve.PrTable.Count);
            for (var k = 0; k < rows.Count; k++)
            {
                var row = VectorJson.Numbers(rows[k]);
                var actual = curve.PrTable[k];
                double[] values = [actual.TopPercent, actual.Count, actual.Probability, actual.TruePositives, actual.FalsePositives, actual.PrecisionPercent, actual.RecallPercent];
                for (var j = 0; j < row.Length; j++)
                {
                    VectorJson.Close(row[j], values[j], $"{what} pr table row {k} column {j}");
                }
            }
        }
    }

    private static int[] Codes(string?[] values, string[] labels) =>
        values.Select(v => v is null ? -1 : Array.IndexOf(labels, v)).ToArray();
}
