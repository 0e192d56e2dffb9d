using Argus.Core.Errors;

namespace Argus.Core.Monitoring.Suites;

/// <summary>A list of metric tests, validated once with every problem reported together.</summary>
public sealed record TestSuiteDefinition
{
    public required IReadOnlyList<MetricTestDefinition> Tests { get; init; }

    /// <summary>Throws one <see cref="ArgusException"/> (invalid parameter) listing every problem of the suite.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (Tests is null || Tests.Count == 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, "Invalid test suite: it has no tests.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Tests.Count; i++)
        {
            var test = Tests[i];
            var where = $"test {i + 1}";
            if (test is null)
            {
                problems.Add($"{where} is null");
                continue;
            }

            if (string.IsNullOrWhiteSpace(test.Metric))
            {
                problems.Add($"{where}: metric must not be empty");
            }
            else
            {
                where = $"test {i + 1} ({test.Metric})";
            }

            if (test.Name is { } name && !names.Add(name))
            {
                problems.Add($"{where}: name '{name}' is used twice");
            }

            if (test.Condition is { } condition)
            {
                ValidateCondition(condition, where, problems);
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgusException(ErrorCode.InvalidParameterValue, "Invalid test suite: " + string.Join("; ", problems));
        }
    }

    private static void ValidateCondition(TestCondition condition, string where, List<string> problems)
    {
        if (!Enum.IsDefined(condition.Operator))
        {
            problems.Add($"{where}: unknown operator {(int)condition.Operator}");
            return;
        }

        var op = condition.Operator.ToString().ToLowerInvariant();
        if (condition.Operator is ConditionOperator.In or ConditionOperator.NotIn)
        {
            if (condition.Values is null || condition.Values.Count == 0)
            {
                problems.Add($"{where}: {op} needs a non-empty list of values");
            }
            else if (condition.Values.Any(v => double.IsNaN(v)))
            {
                problems.Add($"{where}: {op} values must not be NaN");
            }

            if (condition.Value is not null || condition.FromReference || condition.Metric is not null || condition.Relative is not null || condition.Absolute is not null)
            {
                problems.Add($"{where}: {op} takes only a list of values (no value, reference, metric or tolerance)");
            }

            return;
        }

        var thresholds = (condition.Value is not null ? 1 : 0) + (condition.FromReference ? 1 : 0) + (condition.Metric is not null ? 1 : 0);
        if (thresholds != 1)
        {
            problems.Add($"{where}: {op} needs exactly one threshold: a value, the reference, or a metric (got {thresholds})");
        }

        if (condition.Value is { } value && double.IsNaN(value))
        {
            problems.Add($"{where}: the threshold value must not be NaN");
        }

        if (condition.Metric is { } metric && string.IsNullOrWhiteSpace(metric))
        {
            problems.Add($"{where}: the threshold metric must not be empty");
        }

        if (condition.Values is not null)
        {
            problems.Add($"{where}: a list of values goes with in / not_in only");
        }

        if (condition.Relative is { } relative && !(relative > 0 && double.IsFinite(relative)))
        {
            problems.Add($"{where}: relative tolerance must be a finite number above 0 (got {relative})");
        }

        if (condition.Absolute is { } absolute && !(absolute >= 0 && double.IsFinite(absolute)))
        {
            problems.Add($"{where}: absolute tolerance must be a finite number of 0 or more (got {absolute})");
        }
    }
}
