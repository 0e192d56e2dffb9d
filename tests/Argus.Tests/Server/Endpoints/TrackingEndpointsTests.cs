using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using static Argus.Tests.Server.ServerFixture;

namespace Argus.Tests.Server.Endpoints;

/// <summary>
/// The MLflow tracking REST API over a real server: the exact JSON shapes MLflow clients read, and the
/// status, error_code and message of every rejection.
/// </summary>
public sealed partial class TrackingEndpointsTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const long BeyondDoublePrecision = 9_007_199_254_740_993; // 2^53 + 1: a double cannot hold it

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex RunIdPattern();

    // ------------------------------------------------------------------ prefixes

    [Theory]
    [InlineData("/api/2.0/mlflow")]
    [InlineData("/ajax-api/2.0/mlflow")]
    public async Task EveryRoute_UnderEitherPrefix_IsServed(string prefix)
    {
        var name = UniqueName("prefix");
        var create = await server.PostAsync(prefix + "/experiments/create", $$"""{"name":"{{name}}"}""");
        create.AssertOk();
        var exp = create.Json.GetProperty("experiment_id").GetString();
        var run = await server.PostAsync(prefix + "/runs/create", $$"""{"experiment_id":"{{exp}}"}""");
        run.AssertOk();
        var runId = run.Json.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString();

        WireReply[] replies =
        [
            await server.GetAsync($"{prefix}/experiments/get?experiment_id={exp}"),
            await server.GetAsync($"{prefix}/experiments/get-by-name?experiment_name={name}"),
            await server.PostAsync(prefix + "/experiments/search", """{"max_results":5}"""),
            await server.GetAsync($"{prefix}/experiments/search?max_results=5"),
            await server.PostAsync(prefix + "/experiments/set-experiment-tag", $$"""{"experiment_id":"{{exp}}","key":"k","value":"v"}"""),
            await server.PostAsync(prefix + "/experiments/delete-experiment-tag", $$"""{"experiment_id":"{{exp}}","key":"k"}"""),
            await server.PostAsync(prefix + "/experiments/update", $$"""{"experiment_id":"{{exp}}","new_name":"{{name}}-renamed"}"""),
            await server.GetAsync($"{prefix}/runs/get?run_id={runId}"),
            await server.PostAsync(prefix + "/runs/log-metric", $$"""{"run_id":"{{runId}}","key":"m","value":1.5,"timestamp":10}"""),
            await server.PostAsync(prefix + "/runs/log-parameter", $$"""{"run_id":"{{runId}}","key":"p","value":"1"}"""),
            await server.PostAsync(prefix + "/runs/log-batch", $$"""{"run_id":"{{runId}}","metrics":[{"key":"m","value":2,"timestamp":11,"step":1}]}"""),
            await server.PostAsync(prefix + "/runs/set-tag", $$"""{"run_id":"{{runId}}","key":"t","value":"x"}"""),
            await server.PostAsync(prefix + "/runs/delete-tag", $$"""{"run_id":"{{runId}}","key":"t"}"""),
            await server.PostAsync(prefix + "/runs/log-inputs", $$$"""{"run_id":"{{{runId}}}","datasets":[{"dataset":{"name":"d","digest":"1","source_type":"local","source":"x"}}]}"""),
            await server.GetAsync($"{prefix}/metrics/get-history?run_id={runId}&metric_key=m"),
            await server.PostAsync(prefix + "/runs/search", $$"""{"experiment_ids":["{{exp}}"]}"""),
            await server.GetAsync($"{prefix}/artifacts/list?run_id={runId}"),
            await server.PostAsync(prefix + "/runs/update", $$"""{"run_id":"{{runId}}","status":"FINISHED","end_time":20}"""),
            await server.PostAsync(prefix + "/runs/delete", $$"""{"run_id":"{{runId}}"}"""),
            await server.PostAsync(prefix + "/runs/restore", $$"""{"run_id":"{{runId}}"}"""),
            await server.PostAsync(prefix + "/experiments/delete", $$"""{"experiment_id":"{{exp}}"}"""),
            await server.PostAsync(prefix + "/experiments/restore", $$"""{"experiment_id":"{{exp}}"}"""),
        ];

        Assert.All(replies, r => r.AssertOk());
        Assert.Equal(2, (await server.GetHistoryAsync(runId!, "m")).Count);
    }

    [Fact]
    public async Task Prefixes_WriteThroughOneReadThroughOther_SeeTheSameData()
    {
        var name = UniqueName("cross");
        var create = await server.PostAsync("/ajax-api/2.0/mlflow/experiments/create", $$"""{"name":"{{name}}"}""");
        var exp = create.Json.GetProperty("experiment_id").GetString();

        var viaApi = await server.GetAsync($"/api/2.0/mlflow/experiments/get?experiment_id={exp}");
        var viaAjax = await server.GetAsync($"/ajax-api/2.0/mlflow/experiments/get?experiment_id={exp}");

        Assert.Equal(name, viaApi.Json.GetProperty("experiment").GetProperty("name").GetString());
        Assert.Equal(viaApi.Text, viaAjax.Text);
    }

    // ------------------------------------------------------------------ experiments

    [Fact]
    public async Task ExperimentsCreate_NewName_ReturnsOnlyTheIdAsAString()
    {
        var reply = await server.PostAsync(Api + "/experiments/create", $$"""{"name":"{{UniqueName("create")}}"}""");

        reply.AssertOk();
        Assert.Equal("application/json", reply.ContentType);
        var property = Assert.Single(reply.Json.EnumerateObject());
        Assert.Equal("experiment_id", property.Name);
        Assert.Equal(JsonValueKind.String, property.Value.ValueKind);
        Assert.Matches("^[1-9][0-9]*$", property.Value.GetString());
    }

    [Fact]
    public async Task ExperimentsGet_NoTags_WritesSnakeCaseFieldsAndOmitsTags()
    {
        var name = UniqueName("get");
        var id = await server.CreateExperimentAsync(name);

        var reply = await server.GetAsync($"{Api}/experiments/get?experiment_id={id}");

        reply.AssertOk();
        var experiment = reply.Json.GetProperty("experiment");
        Assert.Equal(
            ["artifact_location", "creation_time", "experiment_id", "last_update_time", "lifecycle_stage", "name"],
            experiment.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(id, experiment.GetProperty("experiment_id").GetString());
        Assert.Equal(name, experiment.GetProperty("name").GetString());
        Assert.Equal("active", experiment.GetProperty("lifecycle_stage").GetString());
        Assert.Equal(JsonValueKind.Number, experiment.GetProperty("creation_time").ValueKind);
        Assert.Equal(JsonValueKind.Number, experiment.GetProperty("last_update_time").ValueKind);
        Assert.True(experiment.GetProperty("creation_time").GetInt64() > 1_600_000_000_000, "creation_time is not epoch milliseconds");
        Assert.Equal($"mlflow-artifacts:/{id}", experiment.GetProperty("artifact_location").GetString());
        Assert.DoesNotContain("\"tags\"", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExperimentsGet_WithTags_WritesKeyValueObjects()
    {
        var create = await server.PostAsync(Api + "/experiments/create",
            $$"""{"name":"{{UniqueName("tagged")}}","tags":[{"key":"team","value":"risk"}]}""");
        var id = create.Json.GetProperty("experiment_id").GetString();

        var experiment = (await server.GetAsync($"{Api}/experiments/get?experiment_id={id}")).Json.GetProperty("experiment");

        var tag = Assert.Single(experiment.GetProperty("tags").EnumerateArray());
        Assert.Equal("team", tag.GetProperty("key").GetString());
        Assert.Equal("risk", tag.GetProperty("value").GetString());
    }

    [Fact]
    public async Task ExperimentsGet_IdZero_IsTheDefaultExperiment()
    {
        var reply = await server.GetAsync($"{Api}/experiments/get?experiment_id=0");

        reply.AssertOk();
        var experiment = reply.Json.GetProperty("experiment");
        Assert.Equal("0", experiment.GetProperty("experiment_id").GetString());
        Assert.Equal("Default", experiment.GetProperty("name").GetString());
        Assert.Equal("active", experiment.GetProperty("lifecycle_stage").GetString());
    }

    [Fact]
    public async Task ExperimentsCreate_ExistingName_Returns400ResourceAlreadyExists()
    {
        var name = UniqueName("twice");
        await server.CreateExperimentAsync(name);

        var reply = await server.PostAsync(Api + "/experiments/create", $$"""{"name":"{{name}}"}""");

        reply.AssertError(HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS");
        reply.AssertMessageContains(name);
    }

    [Fact]
    public async Task ExperimentsGet_UnknownId_Returns404ResourceDoesNotExist()
    {
        var reply = await server.GetAsync($"{Api}/experiments/get?experiment_id=987654");

        reply.AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        reply.AssertMessageContains("987654");
    }

    [Fact]
    public async Task ExperimentsGetByName_UnknownName_Returns404ResourceDoesNotExist()
    {
        var name = UniqueName("nobody");

        var reply = await server.GetAsync($"{Api}/experiments/get-by-name?experiment_name={name}");

        reply.AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        reply.AssertMessageContains(name);
    }

    [Fact]
    public async Task ExperimentsSearchGet_RepeatedOrderBy_AppliesEveryClause()
    {
        var prefix = UniqueName("sg");
        foreach (var suffix in new[] { "b", "a", "c" })
        {
            await server.CreateExperimentAsync($"{prefix}-{suffix}");
        }

        var filter = Q($"name LIKE '{prefix}-%'");
        var ordered = await server.GetAsync(
            $"{Api}/experiments/search?filter={filter}&order_by={Q("name DESC")}&order_by={Q("experiment_id ASC")}");
        var secondIsRead = await server.GetAsync(
            $"{Api}/experiments/search?filter={filter}&order_by={Q("name DESC")}&order_by={Q("no_such_column ASC")}");

        ordered.AssertOk();
        Assert.Equal(
            [$"{prefix}-c", $"{prefix}-b", $"{prefix}-a"],
            ordered.Json.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        secondIsRead.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        secondIsRead.AssertMessageContains("no_such_column");
    }

    [Fact]
    public async Task ExperimentsSearchPost_MaxResults_PagesThroughEveryMatch()
    {
        var prefix = UniqueName("sp");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await server.CreateExperimentAsync($"{prefix}-{i}"));
        }

        var first = await server.PostAsync(Api + "/experiments/search",
            $$"""{"filter":"name LIKE '{{prefix}}-%'","order_by":["name ASC"],"max_results":3}""");
        first.AssertOk();
        var token = first.Json.GetProperty("next_page_token").GetString();
        var second = await server.PostAsync(Api + "/experiments/search",
            $$"""{"filter":"name LIKE '{{prefix}}-%'","order_by":["name ASC"],"max_results":3,"page_token":"{{token}}"}""");
        second.AssertOk();

        var names = first.Json.GetProperty("experiments").EnumerateArray()
            .Concat(second.Json.GetProperty("experiments").EnumerateArray())
            .Select(e => e.GetProperty("name").GetString());
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}"), names);
        Assert.False(second.Json.TryGetProperty("next_page_token", out var last) && last.GetString() is { Length: > 0 },
            "The last page still has a next_page_token.");
    }

    // ------------------------------------------------------------------ runs

    [Fact]
    public async Task RunsCreate_NoName_ReturnsRunningRunWithGeneratedName()
    {
        var exp = await server.CreateExperimentAsync();

        var reply = await server.PostAsync(Api + "/runs/create", $$"""{"experiment_id":"{{exp}}","start_time":1700000000123}""");

        reply.AssertOk();
        var run = reply.Json.GetProperty("run");
        var info = run.GetProperty("info");
        var runId = info.GetProperty("run_id").GetString();
        Assert.Matches(RunIdPattern(), runId);
        Assert.Equal(runId, info.GetProperty("run_uuid").GetString());
        Assert.Equal(exp, info.GetProperty("experiment_id").GetString());
        Assert.Equal("RUNNING", info.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Number, info.GetProperty("start_time").ValueKind);
        Assert.Equal(1_700_000_000_123, info.GetProperty("start_time").GetInt64());
        Assert.False(info.TryGetProperty("end_time", out _), "end_time is present on a running run");
        Assert.Equal("active", info.GetProperty("lifecycle_stage").GetString());
        Assert.Equal($"mlflow-artifacts:/{exp}/{runId}/artifacts", info.GetProperty("artifact_uri").GetString());
        var runName = info.GetProperty("run_name").GetString();
        Assert.Matches("^[a-z]+-[a-z]+-[0-9]{3}$", runName);
        var tag = Assert.Single(run.GetProperty("data").GetProperty("tags").EnumerateArray());
        Assert.Equal("mlflow.runName", tag.GetProperty("key").GetString());
        Assert.Equal(runName, tag.GetProperty("value").GetString());
    }

    [Fact]
    public async Task RunsGet_NewRun_OmitsEmptyLists()
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync(), "\"run_name\":\"plain\"");

        var reply = await server.GetAsync($"{Api}/runs/get?run_id={runId}");

        reply.AssertOk();
        var data = reply.Json.GetProperty("run").GetProperty("data");
        Assert.False(data.TryGetProperty("metrics", out _), "empty metrics list was written");
        Assert.False(data.TryGetProperty("params", out _), "empty params list was written");
        Assert.DoesNotContain("[]", reply.Text, StringComparison.Ordinal);
        Assert.Equal("plain", reply.Json.GetProperty("run").GetProperty("info").GetProperty("run_name").GetString());
    }

    [Fact]
    public async Task RunsGet_UnknownRun_Returns404ResourceDoesNotExist()
    {
        var missing = Guid.NewGuid().ToString("N");

        var reply = await server.GetAsync($"{Api}/runs/get?run_id={missing}");

        reply.AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        reply.AssertMessageContains(missing);
    }

    [Fact]
    public async Task LogMetric_UnknownRun_Returns404ResourceDoesNotExist()
    {
        var missing = Guid.NewGuid().ToString("N");

        var reply = await server.PostAsync(Api + "/runs/log-metric", $$"""{"run_id":"{{missing}}","key":"m","value":1,"timestamp":1}""");
        var history = await server.GetAsync($"{Api}/metrics/get-history?run_id={missing}&metric_key=m");

        reply.AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        reply.AssertMessageContains(missing);
        history.AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task RunUuid_InsteadOfRunId_IsAcceptedByGetUpdateAndLogMetric()
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());

        var get = await server.GetAsync($"{Api}/runs/get?run_uuid={runId}");
        var log = await server.PostAsync(Api + "/runs/log-metric", $$"""{"run_uuid":"{{runId}}","key":"m","value":0.5,"timestamp":7}""");
        var update = await server.PostAsync(Api + "/runs/update", $$"""{"run_uuid":"{{runId}}","status":"FINISHED","end_time":1700000009999}""");

        get.AssertOk();
        Assert.Equal(runId, get.Json.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString());
        log.AssertOk();
        Assert.Single(await server.GetHistoryAsync(runId, "m"));
        update.AssertOk();
        var info = update.Json.GetProperty("run_info");
        Assert.Equal(runId, info.GetProperty("run_id").GetString());
        Assert.Equal("FINISHED", info.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Number, info.GetProperty("end_time").ValueKind);
        Assert.Equal(1_700_000_009_999, info.GetProperty("end_time").GetInt64());
    }

    [Fact]
    public async Task WriteRoutes_Success_ReplyExactlyEmptyObject()
    {
        var exp = await server.CreateExperimentAsync();
        var runId = await server.CreateRunAsync(exp);

        WireReply[] replies =
        [
            await server.PostAsync(Api + "/runs/log-metric", $$"""{"run_id":"{{runId}}","key":"m","value":1,"timestamp":1}"""),
            await server.PostAsync(Api + "/runs/log-parameter", $$"""{"run_id":"{{runId}}","key":"p","value":"v"}"""),
            await server.PostAsync(Api + "/runs/log-batch", $$"""{"run_id":"{{runId}}","metrics":[{"key":"m","value":2,"timestamp":2}]}"""),
            await server.PostAsync(Api + "/runs/set-tag", $$"""{"run_id":"{{runId}}","key":"t","value":"v"}"""),
            await server.PostAsync(Api + "/runs/delete-tag", $$"""{"run_id":"{{runId}}","key":"t"}"""),
            await server.PostAsync(Api + "/experiments/set-experiment-tag", $$"""{"experiment_id":"{{exp}}","key":"t","value":"v"}"""),
            await server.PostAsync(Api + "/runs/delete", $$"""{"run_id":"{{runId}}"}"""),
        ];

        Assert.All(replies, r =>
        {
            r.AssertOk();
            Assert.Equal("{}", r.Text);
        });
    }

    // ------------------------------------------------------------------ metrics

    [Fact]
    public async Task LogMetric_TimestampAbove2Pow53_ComesBackAsTheExactJsonNumber()
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());
        var step = BeyondDoublePrecision + 2;

        var log = await server.PostAsync(Api + "/runs/log-metric",
            $$"""{"run_id":"{{runId}}","key":"big","value":1,"timestamp":{{BeyondDoublePrecision}},"step":{{step}}}""");
        var history = await server.GetAsync($"{Api}/metrics/get-history?run_id={runId}&metric_key=big");
        var run = await server.GetAsync($"{Api}/runs/get?run_id={runId}");

        log.AssertOk();
        history.AssertOk();
        Assert.Matches($"\"timestamp\"\\s*:\\s*{BeyondDoublePrecision}[,}}\\s]", history.Text);
        Assert.Matches($"\"step\"\\s*:\\s*{step}[,}}\\s]", history.Text);
        Assert.Matches($"\"timestamp\"\\s*:\\s*{BeyondDoublePrecision}[,}}\\s]", run.Text);
        var point = Assert.Single(history.Json.GetProperty("metrics").EnumerateArray());
        Assert.Equal(BeyondDoublePrecision, point.GetProperty("timestamp").GetInt64());
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public async Task LogMetric_NonFiniteValue_HistoryWritesItAsString(string literal)
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());

        var log = await server.PostAsync(Api + "/runs/log-metric", $$"""{"run_id":"{{runId}}","key":"x","value":"{{literal}}","timestamp":5}""");
        var history = await server.GetAsync($"{Api}/metrics/get-history?run_id={runId}&metric_key=x");

        log.AssertOk();
        var value = Assert.Single(history.Json.GetProperty("metrics").EnumerateArray()).GetProperty("value");
        Assert.Equal(JsonValueKind.String, value.ValueKind);
        Assert.Equal(literal, value.GetString());
    }

    [Fact]
    public async Task LogBatch_NonFiniteValues_HistoryAndRunWriteThemAsStrings()
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());

        var log = await server.PostAsync(Api + "/runs/log-batch", $$"""
            {"run_id":"{{runId}}","metrics":[
              {"key":"nf","value":"NaN","timestamp":1,"step":0},
              {"key":"nf","value":"Infinity","timestamp":1,"step":1},
              {"key":"nf","value":"-Infinity","timestamp":1,"step":2},
              {"key":"nan","value":"NaN","timestamp":1,"step":0}]}
            """);
        var history = await server.GetHistoryAsync(runId, "nf");
        var runText = (await server.GetAsync($"{Api}/runs/get?run_id={runId}")).Text;

        log.AssertOk();
        Assert.Equal(["NaN", "Infinity", "-Infinity"], history.Select(p => p.GetProperty("value").GetString()));
        Assert.Contains("\"value\":\"-Infinity\"", runText, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"NaN\"", runText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunsGet_ManyPoints_MetricsHoldOnlyTheLatestPerKeyByStepThenTimestamp()
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());
        await server.LogMetricAsync(runId, "loss", 1, timestamp: 100, step: 5);
        await server.LogMetricAsync(runId, "loss", 2, timestamp: 999, step: 3); // later time, lower step
        await server.LogMetricAsync(runId, "loss", 3, timestamp: 200, step: 5); // the latest
        await server.LogMetricAsync(runId, "loss", 4, timestamp: 150, step: 5);
        var batch = await server.PostAsync(Api + "/runs/log-batch", $$"""
            {"run_id":"{{runId}}","metrics":[
              {"key":"acc","value":0.7,"timestamp":10,"step":2},
              {"key":"acc","value":0.9,"timestamp":5,"step":9},
              {"key":"acc","value":0.8,"timestamp":50,"step":1}]}
            """);
        batch.AssertOk();

        var metrics = (await server.GetRunAsync(runId)).GetProperty("data").GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("key").GetString()!);

        Assert.Equal(2, metrics.Count);
        Assert.Equal(3, metrics["loss"].GetProperty("value").GetDouble());
        Assert.Equal(5, metrics["loss"].GetProperty("step").GetInt64());
        Assert.Equal(200, metrics["loss"].GetProperty("timestamp").GetInt64());
        Assert.Equal(0.9, metrics["acc"].GetProperty("value").GetDouble());
        Assert.Equal(4, (await server.GetHistoryAsync(runId, "loss")).Count);
    }

    [Fact]
    public async Task GetHistory_MaxResults_PagesWithNextPageToken()
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());
        var points = string.Join(',', Enumerable.Range(0, 25).Select(i => $$"""{"key":"h","value":{{i}},"timestamp":{{1000 + i}},"step":{{i}}}"""));
        (await server.PostAsync(Api + "/runs/log-batch", $$"""{"run_id":"{{runId}}","metrics":[{{points}}]}""")).AssertOk();

        var steps = new List<long>();
        var pageSizes = new List<int>();
        string? token = null;
        do
        {
            var query = $"{Api}/metrics/get-history?run_id={runId}&metric_key=h&max_results=10" + (token is null ? string.Empty : $"&page_token={Q(token)}");
            var page = await server.GetAsync(query);
            page.AssertOk();
            var items = page.Json.GetProperty("metrics").EnumerateArray().ToList();
            pageSizes.Add(items.Count);
            steps.AddRange(items.Select(m => m.GetProperty("step").GetInt64()));
            token = page.Json.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
        }
        while (!string.IsNullOrEmpty(token) && pageSizes.Count < 10);

        Assert.Equal([10, 10, 5], pageSizes);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), steps);
    }

    [Fact]
    public async Task GetHistory_InvalidPageToken_Returns400()
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());

        var reply = await server.GetAsync($"{Api}/metrics/get-history?run_id={runId}&metric_key=m&max_results=5&page_token=not-a-token");

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("not-a-token");
    }

    // ------------------------------------------------------------------ search

    [Fact]
    public async Task RunsSearch_FilterOrderByAndPaging_ReturnsEveryMatchOnceInOrder()
    {
        var exp = await server.CreateExperimentAsync();
        var byScore = new Dictionary<int, string>();
        for (var i = 0; i < 7; i++)
        {
            var runId = await server.CreateRunAsync(exp);
            await server.LogMetricAsync(runId, "score", i, timestamp: 1, step: 0);
            byScore[i] = runId;
        }

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var tokenField = token is null ? string.Empty : $",\"page_token\":\"{token}\"";
            var page = await server.PostAsync(Api + "/runs/search",
                $$"""{"experiment_ids":["{{exp}}"],"filter":"metrics.score >= 1","order_by":["metrics.score DESC"],"max_results":4{{tokenField}}}""");
            page.AssertOk();
            pages++;
            seen.AddRange(page.Json.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_id").GetString()!));
            token = page.Json.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
        }
        while (!string.IsNullOrEmpty(token) && pages < 10);

        Assert.Equal(2, pages);
        Assert.Equal(Enumerable.Range(1, 6).Reverse().Select(i => byScore[i]), seen);
    }

    [Fact]
    public async Task RunsSearch_OrAndParentheses_MatchTheGroupedCondition()
    {
        var exp = await server.CreateExperimentAsync();
        var runs = new Dictionary<string, string>();
        foreach (var (name, score, model) in new[] { ("a", 1, "xgb"), ("b", 2, "lgbm"), ("c", 3, "xgb"), ("d", 4, "xgb") })
        {
            var runId = await server.CreateRunAsync(exp, $"\"run_name\":\"{name}\"");
            await server.LogMetricAsync(runId, "score", score, timestamp: 1, step: 0);
            (await server.PostAsync(Api + "/runs/log-parameter", $$"""{"run_id":"{{runId}}","key":"model","value":"{{model}}"}""")).AssertOk();
            runs[runId] = name;
        }

        var reply = await server.PostAsync(Api + "/runs/search",
            $$"""{"experiment_ids":["{{exp}}"],"filter":"(metrics.score = 1 OR metrics.score >= 3) AND (params.model = 'xgb' OR params.model = 'none') AND run_name != 'd'","order_by":["run_name"]}""");

        reply.AssertOk();
        Assert.Equal(["a", "c"], reply.Json.GetProperty("runs").EnumerateArray().Select(r => runs[r.GetProperty("info").GetProperty("run_id").GetString()!]));
    }

    [Fact]
    public async Task RunsSearch_InvalidPageToken_Returns400()
    {
        var exp = await server.CreateExperimentAsync();

        var reply = await server.PostAsync(Api + "/runs/search", $$"""{"experiment_ids":["{{exp}}"],"page_token":"%%%"}""");

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("page token");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50_001)]
    [InlineData(-1)]
    public async Task RunsSearch_MaxResultsOutOfRange_Returns400(int maxResults)
    {
        var exp = await server.CreateExperimentAsync();

        var reply = await server.PostAsync(Api + "/runs/search", $$"""{"experiment_ids":["{{exp}}"],"max_results":{{maxResults}}}""");

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("max_results");
    }

    [Theory]
    [InlineData("metrics.rmse <")]
    [InlineData("metrics.rmse < 'abc'")]
    [InlineData("params.lr >> '1'")]
    [InlineData("(metrics.rmse < 1")]
    public async Task RunsSearch_InvalidFilter_Returns400NamingTheFilter(string filter)
    {
        var exp = await server.CreateExperimentAsync();

        var reply = await server.PostAsync(Api + "/runs/search",
            $$"""{"experiment_ids":["{{exp}}"],"filter":{{JsonSerializer.Serialize(filter)}}}""");

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains(filter);
    }

    [Fact]
    public async Task ExperimentsSearch_InvalidPageToken_Returns400()
    {
        var reply = await server.GetAsync($"{Api}/experiments/search?page_token=bm90LWpzb24%3D");

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("page token");
    }

    // ------------------------------------------------------------------ inputs

    [Fact]
    public async Task LogInputs_DatasetWithContext_ShowsInRunInputs()
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());

        var log = await server.PostAsync(Api + "/runs/log-inputs", $$$"""
            {"run_id":"{{{runId}}}","datasets":[{
              "tags":[{"key":"mlflow.data.context","value":"training"}],
              "dataset":{"name":"iris","digest":"abc123","source_type":"local","source":"{\"uri\":\"/data/iris.csv\"}"}}]}
            """);
        var run = await server.GetRunAsync(runId);

        log.AssertOk();
        Assert.Equal("{}", log.Text);
        var input = Assert.Single(run.GetProperty("inputs").GetProperty("dataset_inputs").EnumerateArray());
        var dataset = input.GetProperty("dataset");
        Assert.Equal("iris", dataset.GetProperty("name").GetString());
        Assert.Equal("abc123", dataset.GetProperty("digest").GetString());
        Assert.Equal("local", dataset.GetProperty("source_type").GetString());
        Assert.Equal("{\"uri\":\"/data/iris.csv\"}", dataset.GetProperty("source").GetString());
        var tag = Assert.Single(input.GetProperty("tags").EnumerateArray());
        Assert.Equal("mlflow.data.context", tag.GetProperty("key").GetString());
        Assert.Equal("training", tag.GetProperty("value").GetString());
    }

    // ------------------------------------------------------------------ validation

    [Fact]
    public async Task LogMetric_NoKey_Returns400MentioningKey()
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());

        var reply = await server.PostAsync(Api + "/runs/log-metric", $$"""{"run_id":"{{runId}}","value":1,"timestamp":1}""");

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("key");
    }

    [Theory]
    [InlineData("value")]
    [InlineData("timestamp")]
    public async Task LogMetric_MissingRequiredNumber_Returns400NamingTheField(string field)
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());
        var fields = new Dictionary<string, string> { ["value"] = "\"value\":1", ["timestamp"] = "\"timestamp\":1" };
        fields.Remove(field);

        var reply = await server.PostAsync(Api + "/runs/log-metric", $$"""{"run_id":"{{runId}}","key":"m",{{string.Join(',', fields.Values)}}}""");

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains(field);
    }

    [Theory]
    [InlineData("log-metric", "a*b")]
    [InlineData("log-metric", "../x")]
    [InlineData("log-metric", "/abs")]
    [InlineData("log-parameter", "a*b")]
    [InlineData("log-parameter", "../x")]
    [InlineData("log-parameter", "/abs")]
    [InlineData("set-tag", "a*b")]
    [InlineData("set-tag", "../x")]
    [InlineData("set-tag", "/abs")]
    [InlineData("log-metric", ".")]
    [InlineData("log-metric", "..")]
    [InlineData("log-metric", "a//b")]
    [InlineData("log-metric", "a/")]
    public async Task LogEntity_BadCharactersInName_Returns400AndWritesNothing(string route, string key)
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());
        var body = route == "log-metric"
            ? $$"""{"run_id":"{{runId}}","key":"{{key}}","value":1,"timestamp":1}"""
            : $$"""{"run_id":"{{runId}}","key":"{{key}}","value":"v"}""";

        var reply = await server.PostAsync($"{Api}/runs/{route}", body);

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains(key);
        var data = (await server.GetRunAsync(runId)).GetProperty("data");
        Assert.False(data.TryGetProperty("metrics", out _));
        Assert.False(data.TryGetProperty("params", out _));
        Assert.Single(data.GetProperty("tags").EnumerateArray()); // mlflow.runName only
    }

    [Fact]
    public async Task LogParameter_SameValueAgain_Returns200()
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());
        var body = $$"""{"run_id":"{{runId}}","key":"lr","value":"0.1"}""";
        (await server.PostAsync(Api + "/runs/log-parameter", body)).AssertOk();

        var again = await server.PostAsync(Api + "/runs/log-parameter", body);

        again.AssertOk();
        Assert.Equal("{}", again.Text);
    }

    [Fact]
    public async Task LogParameter_DifferentValue_Returns400AndKeepsTheFirst()
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());
        (await server.PostAsync(Api + "/runs/log-parameter", $$"""{"run_id":"{{runId}}","key":"lr","value":"0.1"}""")).AssertOk();

        var reply = await server.PostAsync(Api + "/runs/log-parameter", $$"""{"run_id":"{{runId}}","key":"lr","value":"0.2"}""");

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("lr");
        var param = Assert.Single((await server.GetRunAsync(runId)).GetProperty("data").GetProperty("params").EnumerateArray());
        Assert.Equal("0.1", param.GetProperty("value").GetString());
    }

    [Theory]
    [InlineData(1001, 1, 1, "metrics")]
    [InlineData(1, 101, 1, "params")]
    [InlineData(1, 1, 101, "tags")]
    public async Task LogBatch_OverALimit_Returns400AndWritesNothing(int metrics, int parameters, int tags, string what)
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());
        var m = Enumerable.Range(0, metrics).Select(i => $$"""{"key":"m","value":{{i}},"timestamp":{{i}},"step":{{i}}}""");
        var p = Enumerable.Range(0, parameters).Select(i => $$"""{"key":"p{{i}}","value":"v"}""");
        var t = Enumerable.Range(0, tags).Select(i => $$"""{"key":"t{{i}}","value":"v"}""");

        var reply = await server.PostAsync(Api + "/runs/log-batch",
            $$"""{"run_id":"{{runId}}","metrics":[{{string.Join(',', m)}}],"params":[{{string.Join(',', p)}}],"tags":[{{string.Join(',', t)}}]}""");

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains(what);
        await AssertNothingLoggedAsync(runId);
    }

    [Fact]
    public async Task LogBatch_OneParamConflictsWithLoggedValue_WritesNoneOfTheBatch()
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());
        (await server.PostAsync(Api + "/runs/log-parameter", $$"""{"run_id":"{{runId}}","key":"lr","value":"0.1"}""")).AssertOk();

        var reply = await server.PostAsync(Api + "/runs/log-batch", $$"""
            {"run_id":"{{runId}}",
             "metrics":[{"key":"m","value":1,"timestamp":1,"step":0},{"key":"m","value":2,"timestamp":2,"step":1}],
             "params":[{"key":"fresh","value":"1"},{"key":"lr","value":"0.5"}],
             "tags":[{"key":"t","value":"v"}]}
            """);

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("lr");
        var data = (await server.GetRunAsync(runId)).GetProperty("data");
        Assert.False(data.TryGetProperty("metrics", out _), "metrics of the rejected batch were written");
        Assert.Equal(["lr"], data.GetProperty("params").EnumerateArray().Select(x => x.GetProperty("key").GetString()));
        Assert.DoesNotContain(data.GetProperty("tags").EnumerateArray(), x => x.GetProperty("key").GetString() == "t");
        Assert.Empty(await server.GetHistoryAsync(runId, "m"));
    }

    [Fact]
    public async Task LogBatch_LastMetricHasBadKey_WritesNoneOfTheBatch()
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());

        var reply = await server.PostAsync(Api + "/runs/log-batch", $$"""
            {"run_id":"{{runId}}","metrics":[{"key":"m","value":1,"timestamp":1},{"key":"bad*key","value":2,"timestamp":2}],
             "params":[{"key":"p0","value":"1"}],"tags":[{"key":"t0","value":"v"}]}
            """);

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("bad*key");
        await AssertNothingLoggedAsync(runId);
    }

    [Theory]
    [InlineData("log-metric", """ "key":"m","value":1,"timestamp":1 """)]
    [InlineData("log-parameter", """ "key":"p","value":"1" """)]
    [InlineData("set-tag", """ "key":"t","value":"1" """)]
    [InlineData("log-batch", """ "metrics":[{"key":"m","value":1,"timestamp":1}] """)]
    public async Task Write_DeletedRun_Returns400MentioningActive(string route, string fields)
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());
        (await server.PostAsync(Api + "/runs/delete", $$"""{"run_id":"{{runId}}"}""")).AssertOk();

        var reply = await server.PostAsync($"{Api}/runs/{route}", $$"""{"run_id":"{{runId}}",{{fields}}}""");

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("'active'");
        Assert.Empty(await server.GetHistoryAsync(runId, "m"));
    }

    [Fact]
    public async Task DeleteTag_MissingKey_Returns404()
    {
        var runId = await server.CreateRunAsync(await server.CreateExperimentAsync());

        var reply = await server.PostAsync(Api + "/runs/delete-tag", $$"""{"run_id":"{{runId}}","key":"never-set"}""");

        reply.AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        reply.AssertMessageContains("never-set");
    }

    // ------------------------------------------------------------------ concurrency

    [Fact]
    public async Task LogBatch_SixteenConcurrentClients_EveryPointIsStored()
    {
        const int Clients = 16;
        const int Batches = 10;
        const int PerBatch = 100;
        var exp = await server.CreateExperimentAsync();
        var runIds = new List<string>();
        for (var c = 0; c < Clients; c++)
        {
            runIds.Add(await server.CreateRunAsync(exp));
        }

        using var start = new SemaphoreSlim(0, Clients);
        var workers = runIds.Select(runId => Task.Run(async () =>
        {
            using var client = server.NewClient();
            await start.WaitAsync();
            var statuses = new List<HttpStatusCode>();
            for (var b = 0; b < Batches; b++)
            {
                var points = string.Join(',', Enumerable.Range(b * PerBatch, PerBatch)
                    .Select(i => $$"""{"key":"load","value":{{i}}.5,"timestamp":{{1_700_000_000_000L + i}},"step":{{i}}}"""));
                var reply = await PostAsync(client, Api + "/runs/log-batch", $$"""{"run_id":"{{runId}}","metrics":[{{points}}]}""");
                statuses.Add(reply.Status);
            }

            return statuses;
        })).ToList();
        start.Release(Clients);
        var results = await Task.WhenAll(workers);

        Assert.All(results.SelectMany(s => s), s => Assert.Equal(HttpStatusCode.OK, s));
        var total = 0;
        foreach (var runId in runIds)
        {
            var history = await server.GetHistoryAsync(runId, "load");
            Assert.Equal(Enumerable.Range(0, Batches * PerBatch).Select(i => (long)i), history.Select(p => p.GetProperty("step").GetInt64()));
            total += history.Count;
        }

        Assert.Equal(Clients * Batches * PerBatch, total);
    }

    private async Task AssertNothingLoggedAsync(string runId)
    {
        var data = (await server.GetRunAsync(runId)).GetProperty("data");
        Assert.False(data.TryGetProperty("metrics", out _), "metrics of the rejected batch were written");
        Assert.False(data.TryGetProperty("params", out _), "params of the rejected batch were written");
        var tag = Assert.Single(data.GetProperty("tags").EnumerateArray());
        Assert.Equal("mlflow.runName", tag.GetProperty("key").GetString());
        Assert.Empty(await server.GetHistoryAsync(runId, "m"));
    }
}
