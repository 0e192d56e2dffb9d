using Argus.Core.Errors;
using Argus.Core.Tracking.Search;
using Argus.Core.Tracking.Sql;

namespace Argus.Tests.Core.Tracking.Search;

public sealed class RunSearchSqlMetricOrderTests
{
    [Theory]
    [InlineData("metrics.rmse", "rmse", false)]
    [InlineData("metric.`f1 score` DESC", "f1 score", true)]
    public void LeadingMetric_FirstClauseOnMetric_KeyAndDirection(string clause, string key, bool descending) =>
        Assert.Equal((key, descending), RunSearchSql.LeadingMetric([clause, "params.a"]));

    [Theory]
    [InlineData("params.lr")]
    [InlineData("attributes.start_time DESC")]
    public void LeadingMetric_FirstClauseNotMetric_Null(string clause) => Assert.Null(RunSearchSql.LeadingMetric([clause, "metrics.rmse"]));

    [Fact]
    public void LeadingMetric_Empty_Null() => Assert.Null(RunSearchSql.LeadingMetric([]));

    [Fact]
    public void SplitForMetric_TopLevelConjunctsOnTheKey_PushedAsRangeOnAlias()
    {
        var parameters = new SqlParameters();
        var (pushed, remaining) = RunSearchSql.SplitForMetric("metrics.rmse < 1 and params.d = '6' and metrics.rmse >= 0.5", "rmse", "mo", parameters, SqlDialect.Sqlite);
        Assert.Equal("mo.value < @p0 AND mo.value >= @p1", pushed);
        Assert.Equal("+r.run_uuid IN (SELECT p.run_uuid FROM params p WHERE p.key = @p2 AND p.value = @p3)", remaining);
        Assert.Equal([1.0, 0.5, "d", "6"], parameters.Values.Select(v => v.Value));
    }

    [Fact]
    public void SplitForMetric_ComparisonInsideOr_NotPushed()
    {
        var (pushed, remaining) = RunSearchSql.SplitForMetric("metrics.rmse < 1 or metrics.mae < 1", "rmse", "mo", new SqlParameters(), SqlDialect.Postgres);
        Assert.Null(pushed);
        Assert.NotNull(remaining);
        Assert.Contains(" OR ", remaining, StringComparison.Ordinal);
    }

    [Fact]
    public void SplitForMetric_OtherMetricOnly_NothingPushed()
    {
        var (pushed, remaining) = RunSearchSql.SplitForMetric("metrics.mae < 1", "rmse", "mo", new SqlParameters(), SqlDialect.Postgres);
        Assert.Null(pushed);
        Assert.Equal("r.run_uuid IN (SELECT m.run_uuid FROM latest_metrics m WHERE m.key = @p0 AND m.is_nan = 0 AND m.value < @p1)", remaining);
    }

    [Fact]
    public void SplitForMetric_OnlyThePushedComparison_NoRemainder()
    {
        var (pushed, remaining) = RunSearchSql.SplitForMetric("metrics.rmse != 2", "rmse", "mo", new SqlParameters(), SqlDialect.Sqlite);
        Assert.Equal("mo.value <> @p0", pushed);
        Assert.Null(remaining);
    }

    [Fact]
    public void SplitForMetric_NonNumericValueOnPushedMetric_InvalidParameter() =>
        Assert.Equal(ErrorCode.InvalidParameterValue,
            Assert.Throws<ArgusException>(() => RunSearchSql.SplitForMetric("metrics.rmse = 'x'", "rmse", "mo", new SqlParameters(), SqlDialect.Sqlite)).Code);
}
