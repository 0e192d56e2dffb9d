using Argus.Core.Data;
using Argus.Core.Errors;
using Argus.Core.Monitoring.Drift;
using Argus.Core.Monitoring.Stats;
using Argus.Core.Monitoring.Performance;
using Argus.Core.Monitoring.Quality;
using Argus.Core.Monitoring.Suites;

namespace Argus.Core.Monitoring.Reports;

/// <summary>Runs a report's presets over tables read with a column mapping, and its tests over the metrics they give.</summary>
public static class MonitoringReports
{
    /// <summary>Computes every preset asked for; problems with the inputs (no target for a performance preset, …) are listed together.</summary>
    public static MonitoringReport Compute(ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = request.Current;
        var reference = request.Reference;
        var schema = current.Schema;
        var problems = new List<string>();
        var presets = request.Presets.Distinct().ToList();
        if (presets.Count == 0)
        {
            problems.Add("choose at least one preset");
        }

        var performance = presets.Contains(ReportPreset.Regression) || presets.Contains(ReportPreset.Classification);
        if (performance)
        {
            if (schema.Target is null || schema.Prediction is null)
            {
                problems.Add("a performance preset needs the target and prediction columns (--target and --prediction, or a mapping)");
            }
        }

        var drifts = presets.Contains(ReportPreset.Drift) || presets.Contains(ReportPreset.Target);
        if (drifts && reference is null)
        {
            problems.Add("the drift and target presets need a reference (--reference)");
        }

        if (presets.Contains(ReportPreset.Target) && schema.Target is null && schema.Prediction is null)
        {
            problems.Add("the target preset needs a target or prediction column");
        }

        if (reference is not null)
        {
            // The current data may add the role columns the reference lacks (a training set has no prediction column).
            var roles = new HashSet<string?>([schema.Target, schema.Prediction], StringComparer.Ordinal);
            var missing = current.Columns.Select(c => c.Name).Except(reference.Columns.Select(c => c.Name), StringComparer.Ordinal).Where(c => !roles.Contains(c)).ToList();
            var extra = reference.Columns.Select(c => c.Name).Except(current.Columns.Select(c => c.Name), StringComparer.Ordinal).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                problems.Add($"reference and current must have the same columns (only in current: [{string.Join(", ", missing)}]; only in reference: [{string.Join(", ", extra)}])");
            }
        }

        if (problems.Count > 0)
        {
            throw ArgusException.InvalidParameter($"Cannot build the report: {string.Join("; ", problems)}.");
        }

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var referenceMetrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var currentColumns = current.Columns.Select(QualityColumn.FromTable).ToList();
        var referenceColumns = reference?.Columns.Select(QualityColumn.FromTable).ToList();

        DatasetDriftResult? drift = null;
        DatasetDriftResult? targetDrift = null;
        IReadOnlyList<ColumnDistribution> distributions = [];
        if (drifts)
        {
            var pair = ColumnTableLoader.FromTables(reference!, current);
            var tested = new List<string>();
            if (presets.Contains(ReportPreset.Drift))
            {
                // A feature the current data never holds (a client that stopped sending it) is reported, not a failure
                // of the whole report: it shows in the quality section's missing share and among the skipped columns.
                var present = reference!.Schema.Features.Where(f => pair.Reference.TryGetColumn(f, out _)).ToList();
                var empty = present.Where(f => pair.Current[f].Length > 0 && IsAllMissing(pair.Current[f])).ToList();
                var features = present.Except(empty).ToList();
                drift = DatasetDrift.Compute(pair.Reference, pair.Current, request.Drift with { Columns = features });
                drift = drift with
                {
                    SkippedColumns = [.. drift.SkippedColumns, .. empty.Select(f => new SkippedColumn(f, StatTests.ShortName(pair.Current[f].Type), "no value in the current data"))],
                };
                Merge(metrics, DriftMetrics("drift", drift));
                tested.AddRange(features);
            }

            if (presets.Contains(ReportPreset.Target))
            {
                var present = new[] { reference!.Schema.Target, reference.Schema.Prediction }.Where(c => c is not null && pair.Reference.TryGetColumn(c, out _)).Select(c => c!).ToList();
                // A target no ground truth arrived for yet (a monitoring window) is skipped, as an empty feature is.
                var empty = present.Where(c => pair.Current.TryGetColumn(c, out var column) && column.Length > 0 && IsAllMissing(column)).ToList();
                var roles = present.Except(empty).ToList();
                targetDrift = roles.Count == 0
                    ? throw ArgusException.InvalidParameter("The target preset found neither the target nor the prediction column with values in both tables.")
                    : DatasetDrift.Compute(pair.Reference, pair.Current, request.Drift with { Columns = roles });
                targetDrift = targetDrift with
                {
                    SkippedColumns = [.. targetDrift.SkippedColumns, .. empty.Select(c => new SkippedColumn(c, StatTests.ShortName(pair.Current[c].Type), "no value in the current data"))],
                };
                Merge(metrics, DriftMetrics("target_drift", targetDrift));
                tested.AddRange(roles);
            }

            distributions = ColumnDistribution.From(pair, tested);
        }

        DataQualityResult? quality = null;
        if (presets.Contains(ReportPreset.Quality) || request.Tests is not null)
        {
            quality = DataQualityReport.Compute(currentColumns, referenceColumns);
            Merge(metrics, QualityMetricPaths.Current(quality));
            if (reference is not null)
            {
                Merge(referenceMetrics, QualityMetricPaths.Reference(quality));
            }
        }

        RegressionResult? regression = null;
        if (presets.Contains(ReportPreset.Regression))
        {
            var features = currentColumns.Where(c => schema.Features.Contains(c.Name)).ToList();
            var target = Numbers(current, schema.Target!);
            regression = RegressionPerformance.Compute(target, Numbers(current, schema.Prediction!), features: features,
                referenceTarget: reference is null ? default : Numbers(reference, schema.Target!));
            Merge(metrics, PerformanceMetricPaths.Of(regression));
            if (reference is not null && reference.TryGetColumn(schema.Prediction!, out _))
            {
                Merge(referenceMetrics, PerformanceMetricPaths.Of(RegressionPerformance.Compute(Numbers(reference, schema.Target!), Numbers(reference, schema.Prediction!))));
            }
        }

        ClassificationResult? classification = null;
        if (presets.Contains(ReportPreset.Classification))
        {
            classification = Classify(current, schema, request.Classification);
            Merge(metrics, PerformanceMetricPaths.Of(classification));
            if (reference is not null)
            {
                Merge(referenceMetrics, PerformanceMetricPaths.Of(Classify(reference, schema, request.Classification)));
            }
        }

        TestSuiteResult? tests = null;
        if (request.Tests is { } suite)
        {
            tests = TestSuite.Run(suite, MetricValues.From(metrics), reference is null ? null : MetricValues.From(referenceMetrics));
        }

        return new MonitoringReport
        {
            Title = request.Title ?? (reference is null ? current.Name : $"{reference.Name} vs {current.Name}"),
            Generated = request.TimeProvider.GetUtcNow(),
            Presets = presets,
            Drift = drift,
            TargetDrift = targetDrift,
            Distributions = distributions,
            Quality = presets.Contains(ReportPreset.Quality) ? quality : null,
            Regression = regression,
            Classification = classification,
            Tests = tests,
            Metrics = metrics,
            ReferenceMetrics = referenceMetrics,
        };
    }

    /// <summary>The presets' names, for help texts and error messages.</summary>
    public const string PresetNames = "drift, quality, target, regression, classification";

    /// <summary>Presets by name, case-insensitive; every unknown name is listed in one error.</summary>
    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE naming the unknown presets.</exception>
    public static IReadOnlyList<ReportPreset> ParsePresets(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var presets = new List<ReportPreset>();
        var unknown = new List<string>();
        foreach (var name in names)
        {
            if (Enum.TryParse<ReportPreset>(name, ignoreCase: true, out var preset) && Enum.IsDefined(preset) && !int.TryParse(name, out _))
            {
                presets.Add(preset);
            }
            else
            {
                unknown.Add(name);
            }
        }

        return unknown.Count == 0 ? presets
            : throw ArgusException.InvalidParameter($"Unknown preset(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}; choose from {PresetNames}.");
    }

    /// <summary>
    /// The report with <see cref="DefaultTests"/> run over the metrics it has, without computing it again: what a
    /// monitoring window records, so every report has failed tests to count.
    /// </summary>
    public static MonitoringReport WithDefaultTests(MonitoringReport report, bool hasReference)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report with
        {
            Tests = TestSuite.Run(DefaultTests(report, hasReference), MetricValues.From(report.Metrics), MetricValues.From(report.ReferenceMetrics)),
        };
    }

    /// <summary>
    /// Evidently's default tests for a computed report (§3.2): dataset integrity counts, each column's missing share,
    /// and the top-level model metrics — against the reference's values when there is a reference, else against
    /// absolute rules and the dummy model. A rule that needs a metric the report lacks is left out.
    /// </summary>
    public static TestSuiteDefinition DefaultTests(MonitoringReport report, bool hasReference)
    {
        ArgumentNullException.ThrowIfNull(report);
        var tests = new List<MetricTestDefinition>();
        foreach (var metric in report.Metrics.Keys.Order(StringComparer.Ordinal))
        {
            var covered = DatasetTests.Contains(metric)
                || (metric.StartsWith("quality.columns.", StringComparison.Ordinal) && metric.EndsWith(".missing_share", StringComparison.Ordinal))
                || ModelTests.Contains(metric);
            if (covered && DefaultTestRules.For(metric, hasReference) is { } condition
                && (condition.Metric is null || report.Metrics.ContainsKey(condition.Metric)))
            {
                tests.Add(new MetricTestDefinition { Metric = metric, Condition = condition });
            }
        }

        if (report.Drift is { } drift)
        {
            tests.Add(DriftShareTest(drift.DriftShare));
        }

        return new TestSuiteDefinition { Tests = tests };
    }

    private static readonly HashSet<string> DatasetTests = new(StringComparer.Ordinal)
    {
        "quality.row_count", "quality.column_count", "quality.duplicated_row_count", "quality.duplicated_column_count",
        "quality.constant_column_count", "quality.almost_constant_column_count", "quality.empty_row_count", "quality.empty_column_count",
    };

    private static readonly HashSet<string> ModelTests = new(StringComparer.Ordinal)
    {
        "regression.mean_error", "regression.mae", "regression.rmse", "regression.mape", "regression.r2",
        "classification.accuracy", "classification.precision", "classification.recall", "classification.f1", "classification.roc_auc",
        "classification.log_loss", "classification.false_positive_rate", "classification.false_negative_rate",
    };

    // Evidently's DriftedColumnsCount default test: the share of drifted columns below the drift share.
    private static MetricTestDefinition DriftShareTest(double share) => new()
    {
        Metric = "drift.share_of_drifted_columns",
        Condition = TestCondition.Compare(ConditionOperator.Lt, share),
    };

    /// <summary>A drift result as metric paths: dataset verdict and share, and per column its score and verdict (1 or 0).</summary>
    public static Dictionary<string, double> DriftMetrics(string prefix, DatasetDriftResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [$"{prefix}.dataset_drift"] = result.DatasetDrift ? 1 : 0,
            [$"{prefix}.number_of_columns"] = result.NumberOfColumns,
            [$"{prefix}.number_of_drifted_columns"] = result.NumberOfDriftedColumns,
            [$"{prefix}.share_of_drifted_columns"] = result.ShareOfDriftedColumns,
        };
        foreach (var column in result.Columns)
        {
            values[$"{prefix}.columns.{column.Column}.score"] = column.Score;
            values[$"{prefix}.columns.{column.Column}.drift_detected"] = column.DriftDetected ? 1 : 0;
        }

        return values;
    }

    private static bool IsAllMissing(DriftColumn column)
    {
        if (column.Numbers is { } numbers)
        {
            foreach (var value in numbers)
            {
                if (double.IsFinite(value))
                {
                    return false;
                }
            }

            return true;
        }

        foreach (var code in column.Codes!)
        {
            if (code >= 0)
            {
                return false;
            }
        }

        return true;
    }

    private static void Merge(Dictionary<string, double> into, IReadOnlyDictionary<string, double> values)
    {
        foreach (var (key, value) in values)
        {
            into[key] = value;
        }
    }

    private static double[] Numbers(Table table, string column)
    {
        var values = table[column];
        return values.Numbers ?? throw ArgusException.InvalidParameter($"Column '{column}' of {table.Name} must be numerical for a regression report; it is {values.Type.ToString().ToLowerInvariant()}.");
    }

    // Labels are the target's and prediction's values as text; a numerical prediction in [0, 1] beside a two-label target is a probability.
    private static ClassificationResult Classify(Table table, DataSchema schema, ClassificationOptions options)
    {
        var target = Texts(table[schema.Target!]);
        var prediction = table[schema.Prediction!];
        var labels = target.Where(t => t is not null).Distinct(StringComparer.Ordinal).Select(t => t!).ToList();
        if (prediction.Numbers is { } p && labels.Count <= 2 && p.All(v => double.IsNaN(v) || v is >= 0 and <= 1) && p.Any(v => v is > 0 and < 1))
        {
            if (!labels.Contains(options.PositiveLabel))
            {
                labels.Add(options.PositiveLabel);
            }

            labels.Sort(StringComparer.Ordinal);
            if (labels.Count != 2)
            {
                throw ArgusException.InvalidParameter($"A probability prediction needs a target with two labels; '{schema.Target}' has {labels.Count}.");
            }

            return ClassificationPerformance.FromProbabilities(Codes(target, labels), [p], labels, options);
        }

        var predicted = Texts(prediction);
        foreach (var label in predicted)
        {
            if (label is not null && !labels.Contains(label))
            {
                labels.Add(label);
            }
        }

        labels.Sort(StringComparer.Ordinal);
        return ClassificationPerformance.FromLabels(Codes(target, labels), Codes(predicted, labels), labels, options);
    }

    private static string?[] Texts(TableColumn column) => column.Strings
        ?? Array.ConvertAll(column.Numbers!, v => double.IsNaN(v) ? null : v.ToString("R", System.Globalization.CultureInfo.InvariantCulture));

    private static int[] Codes(string?[] values, List<string> labels)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
        {
            index[labels[i]] = i;
        }

        return Array.ConvertAll(values, v => v is null ? -1 : index[v]);
    }
}
