using Argus.Core.Errors;
using Argus.Core.Tracking.Search;
using Argus.Core.Tracking.Sql;

namespace Argus.Tests.Core.Tracking.Search;

public sealed class RunSearchSqlTests
{
    private const string FilterAttributes =
        "run_id, run_name, user_id, status, artifact_uri, lifecycle_stage, start_time, end_time, created";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t\n")]
    public void Where_NullOrBlank_ReturnsNullAndAddsNoParameters(string? filter)
    {
        var parameters = new SqlParameters();

        Assert.Null(RunSearchSql.Where(filter, parameters, SqlDialect.Sqlite));
        Assert.Empty(parameters.Values);
    }

    [Fact]
    public void Where_Metric_IsInSubqueryOnLatestMetricsSkippingNaN()
    {
        var parameters = new SqlParameters();

        var sql = RunSearchSql.Where("metrics.rmse < 0.5", parameters, SqlDialect.Sqlite);

        Assert.Equal(
            "+r.run_uuid IN (SELECT m.run_uuid FROM latest_metrics m WHERE m.key = @p0 AND m.is_nan = 0 AND m.value < @p1)",
            sql);
        Assert.Equal(["rmse", 0.5], parameters.Values.Select(v => v.Value));
    }

    [Fact]
    public void Where_MetricWithIntegerText_BindsADouble()
    {
        var parameters = new SqlParameters();

        RunSearchSql.Where("metrics.epochs = 10", parameters, SqlDialect.Sqlite);

        Assert.IsType<double>(parameters.Values[1].Value);
    }

    [Fact]
    public void Where_ParamAndTag_AreInSubqueriesOnTheirTables()
    {
        var parameters = new SqlParameters();

        var sql = RunSearchSql.Where("params.lr = '0.1' AND tags.team != 'x'", parameters, SqlDialect.Sqlite);

        Assert.Equal(
            "(+r.run_uuid IN (SELECT p.run_uuid FROM params p WHERE p.key = @p0 AND p.value = @p1)"
            + " AND +r.run_uuid IN (SELECT t.run_uuid FROM tags t WHERE t.key = @p2 AND t.value <> @p3))",
            sql);
        Assert.Equal(["lr", "0.1", "team", "x"], parameters.Values.Select(v => v.Value));
    }

    [Fact]
    public void Where_LikeAndILike_UseTheSqliteDialect()
    {
        var parameters = new SqlParameters();

        var sql = RunSearchSql.Where("tags.a LIKE 'x%' OR run_name ILIKE '%y'", parameters, SqlDialect.Sqlite);

        Assert.Equal(
            "(+r.run_uuid IN (SELECT t.run_uuid FROM tags t WHERE t.key = @p0 AND t.value LIKE @p1)"
            + " OR lower(r.name) LIKE lower(@p2))",
            sql);
    }

    [Fact]
    public void Where_LikeAndILike_UseThePostgresDialect()
    {
        var parameters = new SqlParameters();

        var sql = RunSearchSql.Where("tags.a LIKE 'x%' OR run_name ILIKE '%y'", parameters, SqlDialect.Postgres);

        Assert.Equal(
            "(r.run_uuid IN (SELECT t.run_uuid FROM tags t WHERE t.key = @p0 AND t.value LIKE @p1 ESCAPE '')"
            + " OR r.name ILIKE @p2 ESCAPE '')",
            sql);
    }

    [Fact]
    public void Where_InList_IsOneParameterPerItem()
    {
        var parameters = new SqlParameters();

        var sql = RunSearchSql.Where("run_id NOT IN ('a', 'b', 'c')", parameters, SqlDialect.Sqlite);

        Assert.Equal("r.run_uuid NOT IN (@p0, @p1, @p2)", sql);
        Assert.Equal(["a", "b", "c"], parameters.Values.Select(v => v.Value));
    }

    [Theory]
    [InlineData("start_time > 1700000000000", 1700000000000L)]
    [InlineData("end_time <= -5", -5L)]
    [InlineData("created >= 9007199254740993", 9007199254740993L)]
    public void Where_NumericAttributeWithIntegerText_BindsAnExactLong(string filter, long expected)
    {
        var parameters = new SqlParameters();

        RunSearchSql.Where(filter, parameters, SqlDialect.Sqlite);

        Assert.Equal(expected, Assert.IsType<long>(Assert.Single(parameters.Values).Value));
    }

    [Fact]
    public void Where_NumericAttributeWithFraction_BindsADouble()
    {
        var parameters = new SqlParameters();

        var sql = RunSearchSql.Where("start_time > 1.5e3", parameters, SqlDialect.Sqlite);

        Assert.Equal("r.start_time > @p0", sql);
        Assert.Equal(1500.0, Assert.IsType<double>(Assert.Single(parameters.Values).Value));
    }

    [Theory]
    [InlineData("run_id = 'x'", "r.run_uuid = @p0")]
    [InlineData("run_name = 'x'", "r.name = @p0")]
    [InlineData("`run name` = 'x'", "r.name = @p0")]
    [InlineData("\"Run name\" = 'x'", "r.name = @p0")]
    [InlineData("attributes.`Run Name` = 'x'", "r.name = @p0")]
    [InlineData("user_id = 'x'", "r.user_id = @p0")]
    [InlineData("status = 'x'", "r.status = @p0")]
    [InlineData("artifact_uri = 'x'", "r.artifact_uri = @p0")]
    [InlineData("lifecycle_stage = 'x'", "r.lifecycle_stage = @p0")]
    [InlineData("start_time = 1", "r.start_time = @p0")]
    [InlineData("created = 1", "r.start_time = @p0")]
    [InlineData("Created = 1", "r.start_time = @p0")]
    [InlineData("end_time = 1", "r.end_time = @p0")]
    public void Where_Attribute_MapsToItsColumn(string filter, string expected)
    {
        Assert.Equal(expected, RunSearchSql.Where(filter, new SqlParameters(), SqlDialect.Sqlite));
    }

    [Fact]
    public void Where_Datasets_UseRunInputsAndInputTags()
    {
        var parameters = new SqlParameters();

        var sql = RunSearchSql.Where("datasets.digest = 'd' AND datasets.context IN ('train', 'eval')", parameters, SqlDialect.Sqlite);

        Assert.Equal(
            "(+r.run_uuid IN (SELECT ri.run_uuid FROM run_inputs ri JOIN datasets d ON d.dataset_uuid = ri.dataset_uuid WHERE d.digest = @p0)"
            + " AND +r.run_uuid IN (SELECT rit.run_uuid FROM run_input_tags rit WHERE rit.key = @p1 AND rit.value IN (@p2, @p3)))",
            sql);
        Assert.Equal(["d", "mlflow.data.context", "train", "eval"], parameters.Values.Select(v => v.Value));
    }

    [Fact]
    public void Where_OrInsideAnd_IsParenthesised()
    {
        var sql = RunSearchSql.Where("status = 'a' AND (user_id = 'b' OR user_id = 'c')", new SqlParameters(), SqlDialect.Sqlite);

        Assert.Equal("(r.status = @p0 AND (r.user_id = @p1 OR r.user_id = @p2))", sql);
    }

    [Fact]
    public void Where_TopLevelOr_IsParenthesisedSoCallersCanAndIt()
    {
        var sql = RunSearchSql.Where("status = 'a' OR status = 'b'", new SqlParameters(), SqlDialect.Sqlite);

        Assert.Equal("(r.status = @p0 OR r.status = @p1)", sql);
    }

    [Fact]
    public void Where_ContinuesNumberingOfExistingParameters()
    {
        var parameters = new SqlParameters();
        parameters.Add(1L);

        var sql = RunSearchSql.Where("status = 'a'", parameters, SqlDialect.Sqlite);

        Assert.Equal("r.status = @p1", sql);
    }

    [Theory]
    [InlineData("tags.x = 'a''; DROP TABLE runs; --'", "a'; DROP TABLE runs; --")]
    [InlineData("tags.`a'; DROP TABLE runs; --` = 'v'", "a'; DROP TABLE runs; --")]
    [InlineData("params.\"k\"\" OR 1=1 --\" = 'v'", "k\" OR 1=1 --")]
    [InlineData("run_id IN ('x', 'y'') OR 1=1 --')", "y') OR 1=1 --")]
    [InlineData("metrics.`m) OR (1=1` > 0", "m) OR (1=1")]
    [InlineData("datasets.name LIKE '%''||(SELECT 1)||''%'", "%'||(SELECT 1)||'%")]
    [InlineData("run_name ILIKE 'Robert''); DROP TABLE students;--'", "Robert'); DROP TABLE students;--")]
    public void Where_UserText_OnlyEverAppearsAsAParameter(string filter, string userText)
    {
        foreach (var dialect in new[] { SqlDialect.Sqlite, SqlDialect.Postgres })
        {
            var parameters = new SqlParameters();

            var sql = RunSearchSql.Where(filter, parameters, dialect)!;

            Assert.DoesNotContain(userText, sql, StringComparison.Ordinal);
            Assert.DoesNotContain("DROP", sql, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("'", sql.Replace("ESCAPE ''", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains(userText, parameters.Values.Select(v => v.Value));
        }
    }

    [Theory]
    [InlineData("metrics.a LIKE 'x'", "metric 'a' does not support LIKE (it supports =, !=, <, <=, >, >=) at position 10")]
    [InlineData("metrics.a ILIKE 'x'", "metric 'a' does not support ILIKE (it supports =, !=, <, <=, >, >=) at position 10")]
    [InlineData("metrics.a IN (1, 2)", "metric 'a' does not support IN (it supports =, !=, <, <=, >, >=) at position 10")]
    [InlineData("metrics.a = '1'", "metric 'a' must be compared with a number, e.g. 0.5 (numbers are not quoted) at position 12")]
    [InlineData("params.a > 1", "param 'a' does not support > (it supports =, !=, LIKE, ILIKE) at position 9")]
    [InlineData("params.a = 5", "param 'a' must be compared with a quoted string, e.g. 'value' at position 11")]
    [InlineData("params.a IN ('x')", "param 'a' does not support IN (it supports =, !=, LIKE, ILIKE) at position 9")]
    [InlineData("tags.a NOT IN ('x')", "tag 'a' does not support NOT IN (it supports =, !=, LIKE, ILIKE) at position 7")]
    [InlineData("tags.a <= 'x'", "tag 'a' does not support <= (it supports =, !=, LIKE, ILIKE) at position 7")]
    [InlineData("tags.a LIKE 1", "tag 'a' must be compared with a quoted string, e.g. 'value' at position 12")]
    [InlineData("status > 'x'", "attribute 'status' does not support > (it supports =, !=, LIKE, ILIKE, IN, NOT IN) at position 7")]
    [InlineData("status = 1", "attribute 'status' must be compared with a quoted string, e.g. 'value' at position 9")]
    [InlineData("run_id IN ('a', 1)", "attribute 'run_id' must be compared with a quoted string, e.g. 'value' at position 16")]
    [InlineData("start_time LIKE '1%'", "attribute 'start_time' does not support LIKE (it supports =, !=, <, <=, >, >=) at position 11")]
    [InlineData("start_time IN (1, 2)", "attribute 'start_time' does not support IN (it supports =, !=, <, <=, >, >=) at position 11")]
    [InlineData("created = '1'", "attribute 'created' must be compared with a number, e.g. 0.5 (numbers are not quoted) at position 10")]
    [InlineData("datasets.name > 'x'", "dataset 'name' does not support > (it supports =, !=, LIKE, ILIKE, IN, NOT IN) at position 14")]
    [InlineData("datasets.digest = 1", "dataset 'digest' must be compared with a quoted string, e.g. 'value' at position 18")]
    [InlineData("datasets.source = 'x'", "unknown dataset field 'source' (datasets can be searched by name, digest and context) at position 0")]
    [InlineData("datasets.Name = 'x'", "unknown dataset field 'Name' (datasets can be searched by name, digest and context) at position 0")]
    [InlineData("metricz.a > 1", "unknown identifier type 'metricz' in 'metricz.a' (use metrics., params., tags., attributes. or datasets.) at position 0")]
    [InlineData("status = 'a' AND foo.bar = 'x'", "unknown identifier type 'foo' in 'foo.bar' (use metrics., params., tags., attributes. or datasets.) at position 17")]
    [InlineData("foo = 'x'", "unknown attribute 'foo' (valid attributes: " + FilterAttributes + "; for a metric, param or tag write metrics.foo, params.foo or tags.foo) at position 0")]
    [InlineData("attributes.foo = 'x'", "unknown attribute 'foo' (valid attributes: " + FilterAttributes + ") at position 0")]
    [InlineData("RUN_ID = 'x'", "unknown attribute 'RUN_ID' (valid attributes: " + FilterAttributes + "; for a metric, param or tag write metrics.RUN_ID, params.RUN_ID or tags.RUN_ID) at position 0")]
    [InlineData("`RUN NAME` = 'x'", "unknown attribute 'RUN NAME' (valid attributes: " + FilterAttributes + "; for a metric, param or tag write metrics.RUN NAME, params.RUN NAME or tags.RUN NAME) at position 0")]
    [InlineData("experiment_id = 1", "attribute 'experiment_id' can be used in order_by but not in a filter at position 0")]
    public void Where_OperatorOrValueNotFittingTheIdentifier_ThrowsInvalidParameter(string filter, string expected)
    {
        var ex = Assert.Throws<ArgusException>(() => RunSearchSql.Where(filter, new SqlParameters(), SqlDialect.Sqlite));

        Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
        Assert.Equal($"Invalid filter '{filter}': {expected}", ex.Message);
    }

    [Fact]
    public void Where_SyntaxError_ThrowsInvalidParameter()
    {
        var ex = Assert.Throws<ArgusException>(() => RunSearchSql.Where("metrics.rmse <", new SqlParameters(), SqlDialect.Sqlite));

        Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
        Assert.Equal("Invalid filter 'metrics.rmse <': expected a value after '<' at position 14", ex.Message);
    }

    [Fact]
    public void OrderBy_Empty_IsOnlyTheTiebreak()
    {
        var parameters = new SqlParameters();

        var (joins, orderBy) = RunSearchSql.OrderBy([], parameters, SqlDialect.Sqlite);

        Assert.Equal("", joins);
        Assert.Equal("r.start_time DESC, r.run_uuid ASC", orderBy);
        Assert.Empty(parameters.Values);
    }

    [Fact]
    public void OrderBy_MetricParamTag_JoinUniqueAliasesWithKeysAsParameters()
    {
        var parameters = new SqlParameters();

        var (joins, orderBy) = RunSearchSql.OrderBy(["metrics.rmse DESC", "params.`lr`", "tags.team DESC"], parameters, SqlDialect.Sqlite);

        Assert.Equal(
            "LEFT JOIN latest_metrics om0 ON om0.run_uuid = r.run_uuid AND om0.key = @p0"
            + " LEFT JOIN params op1 ON op1.run_uuid = r.run_uuid AND op1.key = @p1"
            + " LEFT JOIN tags ot2 ON ot2.run_uuid = r.run_uuid AND ot2.key = @p2",
            joins);
        Assert.Equal(
            "CASE WHEN om0.is_nan = 1 THEN 1 WHEN om0.value IS NULL THEN 2 ELSE 0 END, om0.value DESC, "
            + "CASE WHEN op1.value IS NULL THEN 1 ELSE 0 END, op1.value ASC, "
            + "CASE WHEN ot2.value IS NULL THEN 1 ELSE 0 END, ot2.value DESC, "
            + "r.start_time DESC, r.run_uuid ASC",
            orderBy);
        Assert.Equal(["rmse", "lr", "team"], parameters.Values.Select(v => v.Value));
    }

    [Theory]
    [InlineData("end_time DESC", "CASE WHEN r.end_time IS NULL THEN 1 ELSE 0 END, r.end_time DESC")]
    [InlineData("`Run Name`", "CASE WHEN r.name IS NULL THEN 1 ELSE 0 END, r.name ASC")]
    [InlineData("run_id DESC", "r.run_uuid DESC")]
    [InlineData("experiment_id", "r.experiment_id ASC")]
    [InlineData("attr.status", "CASE WHEN r.status IS NULL THEN 1 ELSE 0 END, r.status ASC")]
    public void OrderBy_Attribute_SortsByItsColumn(string clause, string expected)
    {
        var (joins, orderBy) = RunSearchSql.OrderBy([clause], new SqlParameters(), SqlDialect.Sqlite);

        Assert.Equal("", joins);
        Assert.Equal(expected + ", r.start_time DESC, r.run_uuid ASC", orderBy);
    }

    [Theory]
    [InlineData("start_time", "r.start_time ASC, r.run_uuid ASC")]
    [InlineData("attributes.start_time DESC", "r.start_time DESC, r.run_uuid ASC")]
    [InlineData("attributes.created DESC", "r.start_time DESC, r.run_uuid ASC")]
    [InlineData("Created", "r.start_time ASC, r.run_uuid ASC")]
    public void OrderBy_StartTime_TheBareColumnThenOnlyTheRunId(string clause, string expected)
    {
        // start_time is NOT NULL, and a second start_time term would stop SQLite reading the page off runs_by_experiment.
        var (joins, orderBy) = RunSearchSql.OrderBy([clause], new SqlParameters(), SqlDialect.Sqlite);

        Assert.Equal("", joins);
        Assert.Equal(expected, orderBy);
    }

    [Fact]
    public void OrderBy_StartTimeAfterAMetric_KeepsTheMetricFirstAndTheRunIdLast()
    {
        var (_, orderBy) = RunSearchSql.OrderBy(["metrics.rmse", "attributes.start_time DESC"], new SqlParameters(), SqlDialect.Sqlite);

        Assert.Equal("CASE WHEN om0.is_nan = 1 THEN 1 WHEN om0.value IS NULL THEN 2 ELSE 0 END, om0.value ASC, r.start_time DESC, r.run_uuid ASC", orderBy);
    }

    [Fact]
    public void OrderBy_KeyWithQuotes_OnlyEverAppearsAsAParameter()
    {
        var parameters = new SqlParameters();

        var (joins, orderBy) = RunSearchSql.OrderBy(["metrics.`x'; DROP TABLE runs; --` DESC"], parameters, SqlDialect.Sqlite);

        Assert.DoesNotContain("DROP", joins + orderBy, StringComparison.Ordinal);
        Assert.Equal("x'; DROP TABLE runs; --", Assert.Single(parameters.Values).Value);
    }

    [Theory]
    [InlineData("", "Invalid order_by clause '': the clause is empty at position 0")]
    [InlineData("  ", "Invalid order_by clause '  ': the clause is empty at position 0")]
    [InlineData("datasets.name", "Invalid order_by clause 'datasets.name': runs cannot be ordered by datasets at position 0")]
    [InlineData("foo DESC", "Invalid order_by clause 'foo DESC': unknown attribute 'foo' (valid attributes: " + FilterAttributes + ", experiment_id; for a metric, param or tag write metrics.foo, params.foo or tags.foo) at position 0")]
    [InlineData("metricz.a", "Invalid order_by clause 'metricz.a': unknown identifier type 'metricz' in 'metricz.a' (use metrics., params., tags., attributes. or datasets.) at position 0")]
    [InlineData("metrics.a UP", "Invalid order_by clause 'metrics.a UP': expected ASC or DESC after 'metrics.a' but found 'UP' at position 10")]
    [InlineData("metrics.a DESC LIMIT", "Invalid order_by clause 'metrics.a DESC LIMIT': unexpected 'LIMIT' after the sort direction at position 15")]
    public void OrderBy_InvalidClause_ThrowsInvalidParameter(string clause, string expected)
    {
        var ex = Assert.Throws<ArgusException>(() => RunSearchSql.OrderBy([clause], new SqlParameters(), SqlDialect.Sqlite));

        Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
        Assert.Equal(expected, ex.Message);
    }

    [Theory]
    [InlineData("metrics.a", "metrics.a DESC")]
    [InlineData("params.a", "param.a")]
    [InlineData("start_time", "created DESC")]
    [InlineData("run_name", "`Run name`")]
    public void OrderBy_SameFieldTwice_ThrowsInvalidParameter(string first, string second)
    {
        var ex = Assert.Throws<ArgusException>(() => RunSearchSql.OrderBy([first, second], new SqlParameters(), SqlDialect.Sqlite));

        Assert.StartsWith($"Invalid order_by clause '{second}': '", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("is already in order_by; each field may appear once at position 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OrderBy_SameKeyAsMetricAndParam_IsAllowed()
    {
        var (joins, _) = RunSearchSql.OrderBy(["metrics.a", "params.a", "tags.a"], new SqlParameters(), SqlDialect.Sqlite);

        Assert.Contains("om0", joins, StringComparison.Ordinal);
        Assert.Contains("op1", joins, StringComparison.Ordinal);
        Assert.Contains("ot2", joins, StringComparison.Ordinal);
    }
}
