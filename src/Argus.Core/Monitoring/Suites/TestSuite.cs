
namespace Argus.Core.Monitoring.Suites;

/// <summary>
/// Runs a <see cref="TestSuiteDefinition"/> against metric values. Decoupled from the calculations: a test reads its
/// metric by path from the caller's lookups (see <see cref="MetricValues"/>). The definition is validated first; a
/// test that cannot be evaluated (unknown metric, no reference, no rule) ends in <see cref="TestStatus.Error"/>
/// without stopping the others. A NaN value compares as Python compares NaN: every condition but not_eq and not_in fails.
/// </summary>
public static class TestSuite
{
    public static TestSuiteResult Run(TestSuiteDefinition suite, MetricLookup current, MetricLookup? reference = null)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(current);
        suite.Validate();
        var results = new List<MetricTestResult>(suite.Tests.Count);
        int success = 0, fail = 0, warning = 0, error = 0;
        foreach (var test in suite.Tests)
        {
            var result = RunOne(test, current, reference);
            results.Add(result);
            switch (result.Status)
            {
                case TestStatus.Success: success++; break;
                case TestStatus.Fail: fail++; break;
                case TestStatus.Warning: warning++; break;
                default: error++; break;
            }
        }

        return new TestSuiteResult(results, new TestSuiteSummary(results.Count, success, fail, warning, error));
    }

    private static MetricTestResult RunOne(MetricTestDefinition test, MetricLookup current, MetricLookup? reference)
    {
        var condition = test.Condition ?? DefaultTestRules.For(test.Metric, reference is not null);
        var name = test.Name ?? (condition is null ? test.Metric : $"{test.Metric} {condition}");
        if (condition is null)
        {
            return Error(test, name, null, null,
                $"No condition was given and {test.Metric} has no default rule {(reference is null ? "without a reference" : "with a reference")}.");
        }

        if (!current(test.Metric, out var value))
        {
            return Error(test, name, condition, null, $"Metric {test.Metric} was not computed.");
        }

        bool passed;
        double? threshold = null, tolerance = null;
        if (condition.Operator is ConditionOperator.In or ConditionOperator.NotIn)
        {
            var found = false;
            foreach (var allowed in condition.Values!)
            {
                found |= allowed == value;
            }

            passed = condition.Operator == ConditionOperator.In ? found : !found;
        }
        else
        {
            double resolved;
            if (condition.FromReference)
            {
                if (reference is null)
                {
                    return Error(test, name, condition, value, "The condition compares with the reference, but no reference was given.");
                }

                if (!reference(test.Metric, out resolved))
                {
                    return Error(test, name, condition, value, $"Metric {test.Metric} was not computed for the reference.");
                }
            }
            else if (condition.Metric is { } other)
            {
                if (!current(other, out resolved))
                {
                    return Error(test, name, condition, value, $"Threshold metric {other} was not computed.");
                }
            }
            else
            {
                resolved = condition.Value!.Value;
            }

            threshold = resolved;
            if (condition.IsApprox)
            {
                var band = new ApproxValue(resolved, condition.Relative ?? ApproxValue.DefaultRelative, condition.Absolute ?? ApproxValue.DefaultAbsolute);
                tolerance = band.Tolerance;
                passed = band.Check(condition.Operator, value);
            }
            else
            {
                passed = Exact(condition.Operator, value, resolved);
            }
        }

        var status = passed ? TestStatus.Success : test.IsCritical ? TestStatus.Fail : TestStatus.Warning;
        var expectation = threshold is { } t
            ? $"{TestCondition.Symbol(condition.Operator)} {TestCondition.Format(t)}{(tolerance is { } tol ? $" ± {TestCondition.Format(tol)}" : string.Empty)}"
            : $"{TestCondition.Symbol(condition.Operator)} [{string.Join(", ", condition.Values!.Select(TestCondition.Format))}]";
        var description = $"{test.Metric} = {TestCondition.Format(value)}; expected {expectation}: {(passed ? "passed" : "failed")}.";
        return new MetricTestResult(name, test.Metric, status, value, threshold, tolerance, condition, description);
    }

    private static bool Exact(ConditionOperator op, double value, double threshold) => op switch
    {
        ConditionOperator.Eq => value == threshold,
        ConditionOperator.NotEq => value != threshold,
        ConditionOperator.Gt => value > threshold,
        ConditionOperator.Gte => value >= threshold,
        ConditionOperator.Lt => value < threshold,
        _ => value <= threshold,
    };

    private static MetricTestResult Error(MetricTestDefinition test, string name, TestCondition? condition, double? value, string message) =>
        new(name, test.Metric, TestStatus.Error, value, null, null, condition, message);

}
