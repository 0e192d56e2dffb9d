using Argus.Core.Errors;
using Argus.Core.Monitoring.Performance;
using Argus.Core.Monitoring.Quality;
using Argus.Core.Monitoring.Suites;

namespace Argus.Tests.Core.Monitoring.Suites;

public sealed class TestSuiteTests
{
    private static MetricLookup Values(params (string Path, double Value)[] values) =>
        MetricValues.From(values.ToDictionary(v => v.Path, v => v.Value));

    private static TestSuiteDefinition Suite(params MetricTestDefinition[] tests) => new() { Tests = tests };

    private static MetricTestDefinition Test(string metric, TestCondition? condition = null, bool critical = true) =>
        new() { Metric = metric, Condition = condition, IsCritical = critical };

    [Fact]
    public void Run_DefaultRulesWithReference_LearnThresholdsFromReference()
    {
        var current = Values(("regression.rmse", 1.09), ("classification.f1", 0.65), ("quality.column_count", 7), ("quality.duplicated_row_count", 3), ("quality.columns.x.mean", 12));
        var reference = Values(("regression.rmse", 1.0), ("classification.f1", 0.8), ("quality.column_count", 7), ("quality.duplicated_row_count", 2), ("quality.columns.x.mean", 10));
        var result = TestSuite.Run(
            Suite(Test("regression.rmse"), Test("classification.f1"), Test("quality.column_count"), Test("quality.duplicated_row_count"), Test("quality.columns.x.mean")),
            current,
            reference);
        Assert.Equal(
            [TestStatus.Success, TestStatus.Success, TestStatus.Success, TestStatus.Fail, TestStatus.Fail],
            result.Tests.Select(t => t.Status));
        Assert.Equal(0.1, result.Tests[0].Tolerance!.Value, 12);
        Assert.Equal(0.16, result.Tests[1].Tolerance!.Value, 12);
        Assert.Equal(ConditionOperator.Lte, result.Tests[3].Condition!.Operator);
        Assert.False(result.Summary.Passed);
        Assert.Equal(new TestSuiteSummary(5, 3, 2, 0, 0), result.Summary);
    }

    [Fact]
    public void Run_DefaultRulesWithoutReference_AbsoluteAndDummyChecks()
    {
        var current = Values(("quality.row_count", 10), ("quality.columns.x.missing_count", 0), ("regression.mae", 2), ("regression.dummy.mae", 3), ("classification.accuracy", 0.9));
        var result = TestSuite.Run(
            Suite(Test("quality.row_count"), Test("quality.columns.x.missing_count"), Test("regression.mae"), Test("classification.accuracy"), Test("regression.r2")),
            current);
        Assert.Equal(
            [TestStatus.Success, TestStatus.Success, TestStatus.Success, TestStatus.Error, TestStatus.Error],
            result.Tests.Select(t => t.Status));
        Assert.Contains("classification.dummy.accuracy", result.Tests[3].Description, StringComparison.Ordinal);
        Assert.Contains("no default rule", result.Tests[4].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_QualityAndRegressionResults_ReadThroughPaths()
    {
        double[] target = [1, 2, 3, 4, 5, 6];
        double[] referencePrediction = [1.1, 2.1, 2.9, 4.2, 5.1, 5.8];
        double[] currentPrediction = [1.5, 2.6, 2.2, 4.9, 5.9, 5.1];
        var current = DataQualityReport.Compute([QualityColumn.Numeric("tip", new[] { 1.0, double.NaN, 3, 4, 5, 6 })]);
        var reference = DataQualityReport.Compute([QualityColumn.Numeric("tip", target)]);
        var lookup = MetricValues.Combine(
            MetricValues.From(QualityMetricPaths.Current(current)),
            MetricValues.From(PerformanceMetricPaths.Of(RegressionPerformance.Compute(target, currentPrediction))));
        var referenceLookup = MetricValues.Combine(
            MetricValues.From(QualityMetricPaths.Current(reference)),
            MetricValues.From(PerformanceMetricPaths.Of(RegressionPerformance.Compute(target, referencePrediction))));
        var suite = SuiteJson.ReadDefinition("""
            {"tests": [{"metric": "quality.column_count"}, {"metric": "quality.columns.tip.missing_count"},
                       {"metric": "regression.rmse"}, {"metric": "regression.r2", "condition": {"operator": "gte", "value": 0.5}}]}
            """);
        var result = TestSuite.Run(suite, lookup, referenceLookup);
        Assert.Equal([TestStatus.Success, TestStatus.Fail, TestStatus.Fail, TestStatus.Success], result.Tests.Select(t => t.Status));
    }

    [Fact]
    public void Run_NonCriticalFailure_WarningAndSuiteStillPasses()
    {
        var result = TestSuite.Run(Suite(Test("m", TestCondition.Compare(ConditionOperator.Lt, 1), critical: false)), Values(("m", 2)));
        Assert.Equal(TestStatus.Warning, Assert.Single(result.Tests).Status);
        Assert.True(result.Summary.Passed);
    }

    [Fact]
    public void Run_ErrorsDoNotStopOtherTests()
    {
        var result = TestSuite.Run(
            Suite(Test("missing", TestCondition.Compare(ConditionOperator.Gt, 0)), Test("m", TestCondition.Reference(ConditionOperator.Eq)), Test("m", TestCondition.In(1, 2, 3))),
            Values(("m", 2)));
        Assert.Equal([TestStatus.Error, TestStatus.Error, TestStatus.Success], result.Tests.Select(t => t.Status));
        Assert.Equal(2, result.Summary.Error);
    }

    [Fact]
    public void Run_ExactLiteralAndBandedLiteral_DifferOnlyInTolerance()
    {
        var current = Values(("m", 1.05));
        Assert.Equal(TestStatus.Fail, TestSuite.Run(Suite(Test("m", TestCondition.Compare(ConditionOperator.Eq, 1))), current).Tests[0].Status);
        Assert.Equal(TestStatus.Success, TestSuite.Run(Suite(Test("m", TestCondition.Compare(ConditionOperator.Eq, 1, absolute: 0.1))), current).Tests[0].Status);
        Assert.Equal(TestStatus.Success, TestSuite.Run(Suite(Test("m", TestCondition.NotIn(1, 2))), current).Tests[0].Status);
    }

    [Fact]
    public void Run_NaNValue_Fails()
    {
        var result = TestSuite.Run(Suite(Test("m", TestCondition.Compare(ConditionOperator.Gte, 0))), Values(("m", double.NaN)));
        Assert.Equal(TestStatus.Fail, result.Tests[0].Status);
    }

    [Fact]
    public void Validate_ManyProblems_AllListedInOneError()
    {
        var suite = Suite(
            Test(""),
            Test("a", new TestCondition { Operator = ConditionOperator.Gt }),
            Test("b", new TestCondition { Operator = ConditionOperator.In, Values = [] }),
            Test("c", new TestCondition { Operator = ConditionOperator.Eq, Value = 1, FromReference = true, Relative = 0 }),
            new MetricTestDefinition { Metric = "d", Name = "same" },
            new MetricTestDefinition { Metric = "e", Name = "same" });
        var e = Assert.Throws<ArgusException>(suite.Validate);
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("test 1: metric must not be empty", e.Message, StringComparison.Ordinal);
        Assert.Contains("test 2 (a): gt needs exactly one threshold", e.Message, StringComparison.Ordinal);
        Assert.Contains("test 3 (b): in needs a non-empty list", e.Message, StringComparison.Ordinal);
        Assert.Contains("(got 2)", e.Message, StringComparison.Ordinal);
        Assert.Contains("relative tolerance", e.Message, StringComparison.Ordinal);
        Assert.Contains("name 'same' is used twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDefinition_Json_OperatorsInSnakeCase()
    {
        var suite = SuiteJson.ReadDefinition("""
            {"tests": [
              {"metric": "regression.rmse", "condition": {"operator": "lte", "value": 2.5}},
              {"metric": "quality.row_count", "condition": {"operator": "not_in", "values": [0]}, "is_critical": false},
              {"metric": "classification.f1", "condition": {"operator": "eq", "from_reference": true, "relative": 0.2}},
              {"metric": "quality.columns.tip.missing_share"}
            ]}
            """);
        Assert.Equal(ConditionOperator.Lte, suite.Tests[0].Condition!.Operator);
        Assert.Equal(ConditionOperator.NotIn, suite.Tests[1].Condition!.Operator);
        Assert.False(suite.Tests[1].IsCritical);
        Assert.True(suite.Tests[2].Condition!.FromReference);
        Assert.Null(suite.Tests[3].Condition);
        Assert.True(suite.Tests[3].IsCritical);
    }

    [Fact]
    public void ReadDefinition_UnknownOperator_InvalidParameter()
    {
        var e = Assert.Throws<ArgusException>(() => SuiteJson.ReadDefinition("""{"tests": [{"metric": "m", "condition": {"operator": "approx"}}]}"""));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
    }

    [Fact]
    public void Write_Result_StatusesInSnakeCase()
    {
        var result = TestSuite.Run(Suite(Test("m", TestCondition.Compare(ConditionOperator.Gt, 5))), Values(("m", 2)));
        var json = SuiteJson.Write(result);
        Assert.Contains("\"status\":\"fail\"", json, StringComparison.Ordinal);
        Assert.Contains("\"passed\":false", json, StringComparison.Ordinal);
    }
}
