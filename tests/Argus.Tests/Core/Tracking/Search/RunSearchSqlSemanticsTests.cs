namespace Argus.Tests.Core.Tracking.Search;

/// <summary>
/// Runs the translated SQL against SQLite with the seed data of <see cref="SearchTestDatabase"/>
/// and checks exactly which runs come back, in which order.
/// </summary>
public sealed class RunSearchSqlSemanticsTests : IDisposable
{
    private readonly SearchTestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Theory]
    [InlineData(null, "r4 r2 r3 r5 r1")]
    [InlineData("", "r4 r2 r3 r5 r1")]
    [InlineData("   ", "r4 r2 r3 r5 r1")]
    public void Where_NoFilter_MatchesEveryRun(string? filter, string expected)
    {
        Assert.Equal(Ids(expected), _db.SearchRuns(filter));
    }

    [Theory]
    [InlineData("metrics.rmse < 0.6", "r3 r1")]
    [InlineData("metrics.rmse <= 0.5", "r3 r1")]
    [InlineData("metrics.rmse > 0.5", "r2")]
    [InlineData("metrics.rmse >= 0.5", "r2 r1")]
    [InlineData("metrics.rmse = 0.5", "r1")]
    [InlineData("metric.rmse > .7", "r2")]
    [InlineData("metrics.rmse <= 2e-1", "r3")]
    [InlineData("metrics.loss < -1", "r3")]
    [InlineData("metrics.loss >= -1.5", "r3 r5")]
    [InlineData("metrics.`f1 score` >= 0.7", "r1")]
    [InlineData("metrics.\"f1 score\" = 0.7", "r1")]
    [InlineData("METRICS.acc > 0", "r4 r1")]
    public void Where_Metric_ComparesTheLatestValue(string filter, string expected)
    {
        Assert.Equal(Ids(expected), _db.SearchRuns(filter));
    }

    [Fact]
    public void Where_MetricNotEqual_SkipsRunsWithoutTheMetricAndNaN()
    {
        // r4 has no rmse, r5's rmse is NaN: neither matches, not even for !=.
        Assert.Equal(Ids("r2 r3"), _db.SearchRuns("metrics.rmse != 0.5"));
    }

    [Theory]
    [InlineData("metrics.rmse = 0")]
    [InlineData("metrics.rmse <= 0")]
    [InlineData("metrics.acc < 0.5")]
    public void Where_NaNMetric_NeverMatchesEvenThoughStoredAsZero(string filter)
    {
        Assert.Empty(_db.SearchRuns(filter));
    }

    [Theory]
    [InlineData("params.lr = '0.01'", "r3 r1")]
    [InlineData("param.model = \"xgb\"", "r4 r1")]
    [InlineData("parameters.lr LIKE '0.0%'", "r3 r1")]
    [InlineData("parameter.model ILIKE 'LG%'", "r2")]
    [InlineData("params.lr = '0.001'", "")]
    [InlineData("params.missing = ''", "")]
    public void Where_Param_ComparesTheValue(string filter, string expected)
    {
        Assert.Equal(Ids(expected), _db.SearchRuns(filter));
    }

    [Theory]
    [InlineData("params.lr != '0.01'", "r2")]
    [InlineData("tags.team != 'nlp'", "r2 r1")]
    public void Where_ParamOrTagNotEqual_SkipsRunsWithoutTheKey(string filter, string expected)
    {
        Assert.Equal(Ids(expected), _db.SearchRuns(filter));
    }

    [Theory]
    [InlineData("tags.team = 'vision'", "r2")]
    [InlineData("tags.team = 'Vision'", "r1")]
    [InlineData("tags.team LIKE 'v%'", "r2")]
    [InlineData("tags.team LIKE 'V%'", "r1")]
    [InlineData("tags.team ILIKE 'v%'", "r2 r1")]
    [InlineData("tags.team ILIKE 'VISION'", "r2 r1")]
    [InlineData("tag.team like '%i_n'", "r2 r1")]
    [InlineData("tags.note LIKE '50%'", "r4 r5")]
    [InlineData("tags.note LIKE '50_p%'", "r5")]
    [InlineData("tags.`user-name` = 'bob'", "r1")]
    [InlineData("tags.\"user-name\" = 'bob'", "r1")]
    public void Where_TagLikeIsCaseSensitiveAndILikeIsNot(string filter, string expected)
    {
        Assert.Equal(Ids(expected), _db.SearchRuns(filter));
    }

    [Theory]
    [InlineData("status = 'FINISHED'", "r4 r1")]
    [InlineData("attributes.status = 'finished'", "")]
    [InlineData("attribute.status ILIKE 'finished'", "r4 r1")]
    [InlineData("status != 'FINISHED'", "r2 r3 r5")]
    [InlineData("status IN ('RUNNING', 'FAILED')", "r2 r3")]
    [InlineData("status NOT IN ('FINISHED', 'KILLED')", "r2 r3")]
    [InlineData("run_name ILIKE 'g%'", "r3")]
    [InlineData("run_name LIKE 'g%'", "")]
    [InlineData("\"Run Name\" = 'alpha'", "r1")]
    [InlineData("attributes.`run name` = 'beta'", "r2")]
    [InlineData("run.\"Run name\" LIKE '%a'", "r4 r2 r3 r1")]
    [InlineData("run_id IN ('r1', 'r3', 'nope')", "r3 r1")]
    [InlineData("run_id NOT IN ('r1', 'r3')", "r4 r2 r5")]
    [InlineData("attr.run_id = 'r2'", "r2")]
    [InlineData("user_id = 'alice'", "r3 r1")]
    [InlineData("artifact_uri LIKE 's3://%'", "r4 r5")]
    [InlineData("lifecycle_stage = 'deleted'", "r5")]
    public void Where_StringAttribute_ComparesTheColumn(string filter, string expected)
    {
        Assert.Equal(Ids(expected), _db.SearchRuns(filter));
    }

    [Theory]
    [InlineData("start_time >= 2000", "r4 r2 r3 r5")]
    [InlineData("attributes.start_time = 2000", "r3 r5")]
    [InlineData("start_time > 1.5e3", "r4 r2 r3 r5")]
    [InlineData("created > 2500", "r4 r2")]
    [InlineData("Created < 2000", "r1")]
    [InlineData("end_time < 3000", "r3 r1")]
    [InlineData("end_time != 2000", "r4 r3")]
    public void Where_NumericAttribute_ComparesTheColumn(string filter, string expected)
    {
        Assert.Equal(Ids(expected), _db.SearchRuns(filter));
    }

    [Theory]
    [InlineData("datasets.name = 'train-set'", "r4 r1")]
    [InlineData("dataset.digest IN ('abc', 'def')", "r4 r2 r1")]
    [InlineData("datasets.digest = 'zzz'", "")]
    [InlineData("datasets.name NOT IN ('train-set')", "r2")]
    [InlineData("datasets.name LIKE '%-set'", "r4 r2 r1")]
    [InlineData("datasets.name ILIKE 'TRAIN%'", "r4 r1")]
    [InlineData("datasets.context = 'eval'", "r2")]
    [InlineData("datasets.context != 'eval'", "r4 r1")]
    [InlineData("datasets.context IN ('training')", "r4 r1")]
    public void Where_Dataset_MatchesRunsWithSuchAnInput(string filter, string expected)
    {
        Assert.Equal(Ids(expected), _db.SearchRuns(filter));
    }

    [Theory]
    [InlineData("metrics.rmse < 0.3 OR tags.team = 'nlp'", "r4 r3")]
    [InlineData("params.model = 'lgbm' OR params.model = 'xgb' AND metrics.rmse < 0.6", "r2 r1")]
    [InlineData("(params.model = 'lgbm' OR params.model = 'xgb') AND metrics.rmse < 0.6", "r1")]
    [InlineData("status = 'FINISHED' and (metrics.acc > 0.92 or tags.team ilike 'VISION')", "r4 r1")]
    [InlineData("user_id = 'bob' OR user_id = 'carol' OR run_id = 'r3'", "r4 r2 r3 r5")]
    [InlineData("((tags.team = 'nlp' OR (metrics.loss < 0 AND status = 'KILLED')) OR run_name = 'alpha')", "r4 r5 r1")]
    [InlineData("metrics.rmse > 0 AND params.lr = '0.01' AND status = 'FAILED'", "r3")]
    [InlineData("datasets.context = 'eval' OR metrics.rmse != 0.8", "r2 r3 r1")]
    public void Where_OrAndParentheses_CombineAsWritten(string filter, string expected)
    {
        Assert.Equal(Ids(expected), _db.SearchRuns(filter));
    }

    [Theory]
    [InlineData("tags.team = 'a''; DROP TABLE runs; --'")]
    [InlineData("tags.`x'; DROP TABLE runs; --` = 'y'")]
    [InlineData("run_id IN ('r1'') OR 1=1; DROP TABLE runs; --')")]
    [InlineData("run_name = \"x\"\" OR \"\"1\"\"=\"\"1\"")]
    public void Where_InjectionAttempt_IsJustAValue(string filter)
    {
        Assert.Empty(_db.SearchRuns(filter));
        Assert.Equal(5, _db.Count("runs"));
    }

    [Theory]
    [InlineData(new string[0], "r4 r2 r3 r5 r1")]
    [InlineData(new[] { "metrics.rmse" }, "r3 r1 r2 r5 r4")]
    [InlineData(new[] { "metrics.rmse ASC" }, "r3 r1 r2 r5 r4")]
    [InlineData(new[] { "metrics.rmse DESC" }, "r2 r1 r3 r5 r4")]
    [InlineData(new[] { "metrics.acc DESC" }, "r4 r1 r2 r3 r5")]
    [InlineData(new[] { "metrics.loss" }, "r3 r5 r4 r2 r1")]
    [InlineData(new[] { "params.lr" }, "r3 r1 r2 r4 r5")]
    [InlineData(new[] { "params.`lr` DESC" }, "r2 r3 r1 r4 r5")]
    [InlineData(new[] { "tags.team" }, "r1 r4 r2 r3 r5")]
    [InlineData(new[] { "tags.team DESC" }, "r2 r4 r1 r3 r5")]
    [InlineData(new[] { "end_time" }, "r1 r3 r4 r2 r5")]
    [InlineData(new[] { "attributes.end_time DESC" }, "r4 r3 r1 r2 r5")]
    [InlineData(new[] { "start_time ASC" }, "r1 r3 r5 r2 r4")]
    [InlineData(new[] { "created DESC" }, "r4 r2 r3 r5 r1")]
    [InlineData(new[] { "experiment_id DESC" }, "r5 r4 r2 r3 r1")]
    [InlineData(new[] { "run_name" }, "r3 r1 r2 r4 r5")]
    [InlineData(new[] { "`Run name` DESC" }, "r5 r4 r2 r1 r3")]
    [InlineData(new[] { "run_id DESC" }, "r5 r4 r3 r2 r1")]
    [InlineData(new[] { "params.model", "metrics.rmse DESC" }, "r2 r1 r4 r3 r5")]
    [InlineData(new[] { "status", "start_time" }, "r3 r1 r4 r5 r2")]
    public void OrderBy_Clauses_SortWithMissingAndNaNLastThenTiebreak(string[] orderBy, string expected)
    {
        Assert.Equal(Ids(expected), _db.SearchRuns(null, orderBy));
    }

    [Fact]
    public void OrderBy_WithFilterOnTheSameMetric_UsesSeparateParameters()
    {
        Assert.Equal(Ids("r2 r1 r3"), _db.SearchRuns("metrics.rmse >= 0 OR metrics.acc > 2", "metrics.rmse DESC"));
    }

    private static string[] Ids(string expected) => expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
