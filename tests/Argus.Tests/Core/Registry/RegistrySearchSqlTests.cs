using Argus.Core.Errors;
using Argus.Core.Tracking.Search;
using Argus.Core.Tracking.Sql;

namespace Argus.Tests.Core.Registry;

/// <summary>The SQL the registry's search translators write: user text only ever as parameters.</summary>
public sealed class RegistrySearchSqlTests
{
    private const string Hostile = "x'); DROP TABLE registered_models; --";

    [Fact]
    public void ModelsWhere_NoFilter_LeavesOutPrompts()
    {
        var parameters = new SqlParameters();
        var sql = RegisteredModelSearchSql.Where(null, parameters, SqlDialect.Sqlite);
        Assert.Equal("m.name NOT IN (SELECT pt.name FROM registered_model_tags pt WHERE pt.key = @p0 AND pt.value = @p1)", sql);
        Assert.Equal(["mlflow.prompt.is_prompt", "true"], parameters.Values.Select(v => v.Value));
    }

    [Fact]
    public void ModelsWhere_NameAndTag_ParametersOnly()
    {
        var parameters = new SqlParameters();
        var sql = RegisteredModelSearchSql.Where($"name = \"{Hostile}\" AND tags.`{Hostile}` ILIKE 'a%'", parameters, SqlDialect.Postgres);
        Assert.DoesNotContain("DROP", sql, StringComparison.Ordinal);
        Assert.Contains("m.name = @p0", sql, StringComparison.Ordinal);
        Assert.Contains("t.value ILIKE @p2 ESCAPE ''", sql, StringComparison.Ordinal);
        Assert.Equal([Hostile, Hostile, "a%"], parameters.Values.Take(3).Select(v => v.Value));
    }

    [Fact]
    public void ModelsWhere_SelectingPrompts_DropsTheExclusion()
    {
        var sql = RegisteredModelSearchSql.Where("tags.`mlflow.prompt.is_prompt` != 'false'", new SqlParameters(), SqlDialect.Sqlite);
        Assert.StartsWith("m.name IN (SELECT pt.name", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT IN", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void VersionsWhere_RunIdList_OneParameterPerItem()
    {
        var parameters = new SqlParameters();
        var sql = ModelVersionSearchSql.Where($"run_id IN ('a', \"{Hostile}\") AND version_number >= 3", parameters, SqlDialect.Sqlite);
        Assert.DoesNotContain("DROP", sql, StringComparison.Ordinal);
        Assert.Contains("v.run_id IN (@p0, @p1)", sql, StringComparison.Ordinal);
        Assert.Contains("v.version >= @p2", sql, StringComparison.Ordinal);
        Assert.Equal(3L, parameters.Values[2].Value);
    }

    [Fact]
    public void OrderBy_TiebreaksAsMlflow()
    {
        Assert.Equal("m.name ASC", RegisteredModelSearchSql.OrderBy([]));
        Assert.Equal("m.last_updated_time DESC, m.name ASC", RegisteredModelSearchSql.OrderBy(["last_updated_timestamp DESC"]));
        Assert.Equal("m.name DESC", RegisteredModelSearchSql.OrderBy(["name DESC"]));
        Assert.Equal("v.last_updated_time DESC, v.name ASC, v.version DESC", ModelVersionSearchSql.OrderBy([]));
        Assert.Equal("v.creation_time ASC, v.name ASC, v.version DESC", ModelVersionSearchSql.OrderBy(["creation_timestamp"]));
        Assert.Equal("v.version ASC, v.name ASC", ModelVersionSearchSql.OrderBy(["version_number ASC"]));
    }

    [Theory]
    [InlineData("tags.team")]
    [InlineData("metrics.rmse")]
    [InlineData("run_id")]
    public void ModelsOrderBy_NotAModelField_InvalidParameter(string clause)
    {
        var e = Assert.Throws<ArgusException>(() => RegisteredModelSearchSql.OrderBy([clause]));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
    }
}
