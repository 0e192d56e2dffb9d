namespace Argus.Core.Monitoring.Performance;

/// <summary>
/// Flattens performance results into metric paths for test suites: <c>regression.rmse</c>,
/// <c>regression.dummy.mae</c>, <c>classification.f1</c>, <c>classification.labels.&lt;label&gt;.recall</c>, ...
/// </summary>
public static class PerformanceMetricPaths
{
    public static IReadOnlyDictionary<string, double> Of(RegressionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["regression.row_count"] = result.RowCount,
            ["regression.mean_error"] = result.MeanError,
            ["regression.error_std"] = result.ErrorStd,
            ["regression.mae"] = result.MeanAbsError,
            ["regression.mae_std"] = result.AbsErrorStd,
            ["regression.mape"] = result.Mape,
            ["regression.mape_std"] = result.MapeStd,
            ["regression.rmse"] = result.Rmse,
            ["regression.r2"] = result.R2,
            ["regression.abs_max_error"] = result.AbsMaxError,
            ["regression.dummy.mae"] = result.Dummy.Mae,
            ["regression.dummy.rmse"] = result.Dummy.Rmse,
            ["regression.dummy.mape"] = result.Dummy.Mape,
            ["regression.dummy.abs_max_error"] = result.Dummy.AbsMaxError,
            ["regression.top_error.under.mean_error"] = result.TopError.Under.MeanError,
            ["regression.top_error.majority.mean_error"] = result.TopError.Majority.MeanError,
            ["regression.top_error.over.mean_error"] = result.TopError.Over.MeanError,
        };
        foreach (var bias in result.NumericErrorBias)
        {
            values[$"regression.error_bias.{bias.Feature}.range_percent"] = bias.RangePercent;
        }

        return values;
    }

    public static IReadOnlyDictionary<string, double> Of(ClassificationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["classification.row_count"] = result.RowCount,
            ["classification.accuracy"] = result.Accuracy,
            ["classification.precision"] = result.Precision,
            ["classification.recall"] = result.Recall,
            ["classification.f1"] = result.F1,
        };
        Add(values, "classification.true_positive_rate", result.TruePositiveRate);
        Add(values, "classification.true_negative_rate", result.TrueNegativeRate);
        Add(values, "classification.false_positive_rate", result.FalsePositiveRate);
        Add(values, "classification.false_negative_rate", result.FalseNegativeRate);
        Add(values, "classification.roc_auc", result.RocAuc);
        Add(values, "classification.log_loss", result.LogLoss);
        Add(values, "classification.brier", result.Brier);
        Add(values, "classification.expected_calibration_error", result.ExpectedCalibrationError);
        foreach (var label in result.Labels)
        {
            var p = $"classification.labels.{label.Label}.";
            values[p + "precision"] = label.Precision;
            values[p + "recall"] = label.Recall;
            values[p + "f1"] = label.F1;
            Add(values, p + "roc_auc", label.RocAuc);
        }

        return values;
    }

    private static void Add(Dictionary<string, double> values, string path, double? value)
    {
        if (value is { } v)
        {
            values[path] = v;
        }
    }
}
