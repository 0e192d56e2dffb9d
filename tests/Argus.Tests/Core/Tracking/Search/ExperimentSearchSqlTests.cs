using Argus.Core.Errors;
using Argus.Core.Tracking.Search;
using Argus.Core.Tracking.Sql;

namespace Argus.Tests.Core.Tracking.Search;

public sealed class ExperimentSearchSqlTests : IDisposable
{
    private readonly SearchTestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Where_NullOrBlank_ReturnsNull(string? filter)
    {
        var parameters = new SqlParameters();

        Assert.Null(ExperimentSearchSql.Where(filter, parameters, SqlDialect.Sqlite));
        Assert.Empty(parameters.Values);
    }

    [Fact]
    public void Where_NameAndTag_TranslateToColumnAndTagSubquery()
    {
        var parameters = new SqlParameters();

        var sql = ExperimentSearchSql.Where("name = 'a' OR tags.team LIKE 'r%'", parameters, SqlDialect.Sqlite);

        Assert.Equal(
            "(e.name = @p0 OR e.experiment_id IN (SELECT t.experiment_id FROM experiment_tags t WHERE t.key = @p1 AND t.value LIKE @p2))",
            sql);
        Assert.Equal(["a", "team", "r%"], parameters.Values.Select(v => v.Value));
    }

    [Fact]
    public void Where_ILike_UsesThePostgresDialect()
    {
        var sql = ExperimentSearchSql.Where("attributes.name ILIKE '%x%'", new SqlParameters(), SqlDialect.Postgres);

        Assert.Equal("e.name ILIKE @p0 ESCAPE ''", sql);
    }

    [Fact]
    public void Where_Time_BindsAnExactLong()
    {
        var parameters = new SqlParameters();

        var sql = ExperimentSearchSql.Where("creation_time >= 1700000000001 AND last_update_time < 5", parameters, SqlDialect.Sqlite);

        Assert.Equal("(e.creation_time >= @p0 AND e.last_update_time < @p1)", sql);
        Assert.Equal([1700000000001L, 5L], parameters.Values.Select(v => v.Value));
    }

    [Theory]
    [InlineData("name = 'x''; DROP TABLE experiments; --'", "x'; DROP TABLE experiments; --")]
    [InlineData("tags.`k'; DROP TABLE experiments; --` = 'v'", "k'; DROP TABLE experiments; --")]
    public void Where_UserText_OnlyEverAppearsAsAParameter(string filter, string userText)
    {
        var parameters = new SqlParameters();

        var sql = ExperimentSearchSql.Where(filter, parameters, SqlDialect.Sqlite)!;

        Assert.DoesNotContain("DROP", sql, StringComparison.Ordinal);
        Assert.Contains(userText, parameters.Values.Select(v => v.Value));
        Assert.Empty(_db.SearchExperiments(filter));
        Assert.Equal(4, _db.Count("experiments"));
    }

    [Theory]
    [InlineData(null, "2 3 1 4")]
    [InlineData("name = 'churn'", "4")]
    [InlineData("name != 'churn'", "2 3 1")]
    [InlineData("name LIKE 'fraud%'", "2")]
    [InlineData("name ILIKE 'fraud%'", "2 3")]
    [InlineData("attributes.name LIKE '%-%'", "2 3")]
    [InlineData("attr.name = 'FRAUD-AUDIT'", "")]
    [InlineData("creation_time > 150", "2 3")]
    [InlineData("creation_time >= 100", "2 3 1")]
    [InlineData("last_update_time < 2500", "3 1")]
    [InlineData("last_update_time != 3000", "3 1 4")]
    [InlineData("tags.team = 'risk'", "2")]
    [InlineData("tags.team != 'risk'", "3")]
    [InlineData("tags.team ILIKE 'RISK'", "2 3")]
    [InlineData("tag.owner LIKE 'c%'", "4")]
    [InlineData("tags.note = 'x''y'", "3")]
    [InlineData("name = 'churn' OR tags.team ILIKE 'RISK'", "2 3 4")]
    [InlineData("(name LIKE 'F%' OR name LIKE 'f%') AND creation_time > 250", "2")]
    [InlineData("name LIKE 'F%' OR name LIKE 'f%' AND creation_time > 250", "2 3")]
    public void Where_Filter_MatchesExactlyTheseExperiments(string? filter, string expected)
    {
        Assert.Equal(Ids(expected), _db.SearchExperiments(filter));
    }

    [Fact]
    public void OrderBy_Empty_IsCreationTimeThenIdDescending()
    {
        Assert.Equal(("", "e.creation_time DESC, e.experiment_id DESC"), ExperimentSearchSql.OrderBy([], new SqlParameters(), SqlDialect.Sqlite));
    }

    [Fact]
    public void OrderBy_Clauses_EndWithTheIdTiebreak()
    {
        var (joins, orderBy) = ExperimentSearchSql.OrderBy(["name", "last_update_time DESC"], new SqlParameters(), SqlDialect.Sqlite);

        Assert.Equal("", joins);
        Assert.Equal(
            "e.name ASC, CASE WHEN e.last_update_time IS NULL THEN 1 ELSE 0 END, e.last_update_time DESC, e.experiment_id DESC",
            orderBy);
    }

    [Theory]
    [InlineData(new[] { "name" }, "1 3 4 2")]
    [InlineData(new[] { "name DESC" }, "2 4 3 1")]
    [InlineData(new[] { "experiment_id" }, "1 2 3 4")]
    [InlineData(new[] { "attributes.experiment_id DESC" }, "4 3 2 1")]
    [InlineData(new[] { "creation_time ASC" }, "1 3 2 4")]
    [InlineData(new[] { "creation_time DESC" }, "2 3 1 4")]
    [InlineData(new[] { "last_update_time desc" }, "4 2 3 1")]
    public void OrderBy_Clause_SortsWithMissingLast(string[] orderBy, string expected)
    {
        Assert.Equal(Ids(expected), _db.SearchExperiments(null, orderBy));
    }

    [Theory]
    [InlineData("metrics.a > 1", "unknown identifier type 'metrics' in 'metrics.a' (experiments have attributes and tags., e.g. name or tags.team) at position 0")]
    [InlineData("run.name = 'a'", "unknown identifier type 'run' in 'run.name' (experiments have attributes and tags., e.g. name or tags.team) at position 0")]
    [InlineData("name > 'x'", "attribute 'name' does not support > (it supports =, !=, LIKE, ILIKE) at position 5")]
    [InlineData("name IN ('x')", "attribute 'name' does not support IN (it supports =, !=, LIKE, ILIKE) at position 5")]
    [InlineData("name = 1", "attribute 'name' must be compared with a quoted string, e.g. 'value' at position 7")]
    [InlineData("creation_time LIKE 'x'", "attribute 'creation_time' does not support LIKE (it supports =, !=, <, <=, >, >=) at position 14")]
    [InlineData("last_update_time = '1'", "attribute 'last_update_time' must be compared with a number, e.g. 0.5 (numbers are not quoted) at position 19")]
    [InlineData("lifecycle_stage = 'active'", "unknown attribute 'lifecycle_stage' (valid: name, creation_time, last_update_time, tags.<key>) at position 0")]
    [InlineData("Name = 'x'", "unknown attribute 'Name' (valid: name, creation_time, last_update_time, tags.<key>) at position 0")]
    [InlineData("experiment_id = 1", "attribute 'experiment_id' can be used in order_by but not in a filter at position 0")]
    [InlineData("tags.a > 'x'", "tag 'a' does not support > (it supports =, !=, LIKE, ILIKE) at position 7")]
    [InlineData("tags.a = 1", "tag 'a' must be compared with a quoted string, e.g. 'value' at position 9")]
    [InlineData("name = 'a' AND", "expected an identifier such as metrics.rmse, params.lr or status at position 14")]
    public void Where_Invalid_ThrowsInvalidParameter(string filter, string expected)
    {
        var ex = Assert.Throws<ArgusException>(() => ExperimentSearchSql.Where(filter, new SqlParameters(), SqlDialect.Sqlite));

        Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
        Assert.Equal($"Invalid filter '{filter}': {expected}", ex.Message);
    }

    [Theory]
    [InlineData(new[] { "" }, "Invalid order_by clause '': the clause is empty at position 0")]
    [InlineData(new[] { "tags.team" }, "Invalid order_by clause 'tags.team': experiments can be ordered by name, experiment_id, creation_time and last_update_time, not by tags at position 0")]
    [InlineData(new[] { "params.a" }, "Invalid order_by clause 'params.a': unknown identifier type 'params' in 'params.a' (experiments have attributes and tags., e.g. name or tags.team) at position 0")]
    [InlineData(new[] { "foo DESC" }, "Invalid order_by clause 'foo DESC': unknown attribute 'foo' (valid: name, experiment_id, creation_time, last_update_time) at position 0")]
    [InlineData(new[] { "name SIDEWAYS" }, "Invalid order_by clause 'name SIDEWAYS': expected ASC or DESC after 'name' but found 'SIDEWAYS' at position 5")]
    [InlineData(new[] { "name", "attributes.name DESC" }, "Invalid order_by clause 'attributes.name DESC': 'attributes.name' is already in order_by; each field may appear once at position 0")]
    public void OrderBy_Invalid_ThrowsInvalidParameter(string[] orderBy, string expected)
    {
        var ex = Assert.Throws<ArgusException>(() => ExperimentSearchSql.OrderBy(orderBy, new SqlParameters(), SqlDialect.Sqlite));

        Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
        Assert.Equal(expected, ex.Message);
    }

    private static string[] Ids(string expected) => expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
