namespace Argus.Core.Monitoring.Suites;

/// <summary>
/// The conditions a test gets when it names none, after Evidently's auto-generated tests (§3.2). The rule reads the
/// metric path: its first segment (<c>quality</c>, <c>regression</c>, <c>classification</c>) and its last (the
/// statistic).
/// <para>With a reference: column count equals the reference (Evidently's <c>eq(Reference())</c>, i.e. within the
/// default 1e-6 band); counts of empty, duplicated or (almost) constant rows or columns at most the reference
/// (<c>lte(Reference())</c>); classification metrics within ±20 % of the reference; every other metric within ±10 %.</para>
/// <para>Without a reference: row and column counts above 0; missing values and counts of empty, duplicated or
/// constant rows or columns equal to 0; classification accuracy, precision, recall, F1 and ROC AUC above the dummy
/// (<c>classification.dummy.&lt;name&gt;</c>) and FPR, FNR and log loss below it; regression MAE, RMSE and MAPE below
/// the dummy (<c>regression.dummy.&lt;name&gt;</c>, the legacy TestSuite rule). Other metrics have no rule.</para>
/// </summary>
public static class DefaultTestRules
{
    private static readonly HashSet<string> ClassificationHigherIsBetter = new(StringComparer.Ordinal) { "accuracy", "precision", "recall", "f1", "roc_auc" };
    private static readonly HashSet<string> ClassificationLowerIsBetter = new(StringComparer.Ordinal) { "false_positive_rate", "false_negative_rate", "log_loss" };
    private static readonly HashSet<string> RegressionErrors = new(StringComparer.Ordinal) { "mae", "rmse", "mape" };

    /// <summary>The default condition for <paramref name="metric"/>, or null when it has none.</summary>
    public static TestCondition? For(string metric, bool hasReference)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var dot = metric.IndexOf('.', StringComparison.Ordinal);
        var area = dot < 0 ? metric : metric[..dot];
        var leaf = metric[(metric.LastIndexOf('.') + 1)..];
        var integrityCount = leaf.EndsWith("_count", StringComparison.Ordinal)
            && (leaf.Contains("empty", StringComparison.Ordinal) || leaf.Contains("duplicated", StringComparison.Ordinal) || leaf.Contains("constant", StringComparison.Ordinal));
        if (hasReference)
        {
            return leaf == "column_count" ? TestCondition.Reference(ConditionOperator.Eq)
                : integrityCount ? TestCondition.Reference(ConditionOperator.Lte)
                : TestCondition.Reference(ConditionOperator.Eq, relative: area == "classification" ? 0.2 : 0.1);
        }

        if (leaf is "row_count" or "column_count")
        {
            return TestCondition.Compare(ConditionOperator.Gt, 0);
        }

        if (integrityCount || leaf.Contains("missing", StringComparison.Ordinal))
        {
            return TestCondition.Compare(ConditionOperator.Eq, 0);
        }

        // Only top-level model metrics (area.leaf) compare with a dummy; per-label values do not.
        var topLevel = dot >= 0 && metric.IndexOf('.', dot + 1) < 0;
        return !topLevel ? null
            : area == "classification" && ClassificationHigherIsBetter.Contains(leaf) ? TestCondition.AgainstMetric(ConditionOperator.Gt, $"classification.dummy.{leaf}")
            : area == "classification" && ClassificationLowerIsBetter.Contains(leaf) ? TestCondition.AgainstMetric(ConditionOperator.Lt, $"classification.dummy.{leaf}")
            : area == "regression" && RegressionErrors.Contains(leaf) ? TestCondition.AgainstMetric(ConditionOperator.Lt, $"regression.dummy.{leaf}")
            : null;
    }
}
