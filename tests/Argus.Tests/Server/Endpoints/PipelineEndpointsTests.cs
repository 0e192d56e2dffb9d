using System.Net;
using System.Text.Json;
using Argus.Core.Pipelines.Runs;
using Argus.Core.Tracking.Sql;
using static Argus.Tests.Server.ServerFixture;

namespace Argus.Tests.Server.Endpoints;

/// <summary>
/// The pipeline routes under <c>/api/2.0/argus/pipelines</c> over a real server, as the web UI and other clients see
/// them: the exact JSON (snake_case, lower-case words, Unix milliseconds), the log as text, and the error statuses. Tests
/// share the server, so each uses pipelines of its own.
/// </summary>
public sealed class PipelineEndpointsTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Pipelines = "/api/2.0/argus/pipelines";

    private const long Start = 1_772_352_000_125; // 2026-03-01T08:00:00.125Z

    private static string RunJson(string pipeline, long start = Start, string trigger = "manual", string steps = """[{"step":"train","kind":"command","state":"pending"}]""") =>
        $$$"""
        {"run":{"pipeline":"{{{pipeline}}}","state":"running","trigger":"{{{trigger}}}","start_time":{{{start}}},"heartbeat":{{{start}}},
        "owner":"ci-7:4242","parameters":{"rows":"1000"},"definition":"name: {{{pipeline}}}\n","steps":{{{steps}}}}}
        """;

    private async Task<string> StartAsync(string pipeline, long start = Start)
    {
        var reply = await server.PostAsync(Pipelines + "/runs/start", RunJson(pipeline, start));
        reply.AssertOk();
        return reply.Json.GetProperty("run").GetProperty("run_id").GetString()!;
    }

    private async Task<JsonElement> GetRunAsync(string runId)
    {
        var reply = await server.GetAsync($"{Pipelines}/runs/get?run_id={runId}");
        reply.AssertOk();
        return reply.Json.GetProperty("run");
    }

    private static void AssertEmptyObject(WireReply reply)
    {
        reply.AssertOk();
        Assert.Equal("application/json", reply.ContentType);
        Assert.Empty(reply.Json.EnumerateObject());
    }

    private static List<string> Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public async Task StartAndGet_RunAsSnakeCaseJsonWithWordsAndMilliseconds()
    {
        var pipeline = UniqueName("nightly");
        var steps = """[{"step":"prepare","kind":"data","state":"succeeded","attempts":2,"start_time":1772351990000,"end_time":1772351995000,"outputs":{"path":"/d/train.csv"}},{"step":"train","kind":"train","state":"pending"}]""";

        var started = await server.PostAsync(Pipelines + "/runs/start", RunJson(pipeline, trigger: "schedule", steps: steps).Replace("\"trigger\"", "\"scheduled_for\":1772352000000,\"trigger\"", StringComparison.Ordinal));
        started.AssertOk();
        var runId = started.Json.GetProperty("run").GetProperty("run_id").GetString()!;
        var run = await GetRunAsync(runId);

        Assert.Equal("application/json", started.ContentType);
        Assert.Matches("^[0-9a-f]{32}$", runId);
        Assert.Equal(started.Json.GetProperty("run").GetRawText(), run.GetRawText());
        Assert.Equal(["run_id", "pipeline", "state", "trigger", "scheduled_for", "start_time", "heartbeat", "owner", "parameters", "definition", "steps"], Names(run));
        Assert.Equal(pipeline, run.GetProperty("pipeline").GetString());
        Assert.Equal("running", run.GetProperty("state").GetString());
        Assert.Equal("schedule", run.GetProperty("trigger").GetString());
        Assert.Equal(1_772_352_000_000, run.GetProperty("scheduled_for").GetInt64());
        Assert.Equal(Start, run.GetProperty("start_time").GetInt64());
        Assert.Equal(Start, run.GetProperty("heartbeat").GetInt64());
        Assert.Equal("ci-7:4242", run.GetProperty("owner").GetString());
        Assert.Equal("1000", run.GetProperty("parameters").GetProperty("rows").GetString());
        Assert.Equal($"name: {pipeline}\n", run.GetProperty("definition").GetString());
        var prepare = run.GetProperty("steps")[0];
        Assert.Equal(["step", "kind", "state", "attempts", "start_time", "end_time", "outputs"], Names(prepare));
        Assert.Equal(("prepare", "data", "succeeded", 2), (prepare.GetProperty("step").GetString(), prepare.GetProperty("kind").GetString(), prepare.GetProperty("state").GetString(), prepare.GetProperty("attempts").GetInt32()));
        Assert.Equal("/d/train.csv", prepare.GetProperty("outputs").GetProperty("path").GetString());
        Assert.Equal("""{"step":"train","kind":"train","state":"pending","attempts":0}""", run.GetProperty("steps")[1].GetRawText());
    }

    [Fact]
    public async Task Get_DefinitionWithNeeds_EachStepCarriesTheStepsItNeeds()
    {
        var pipeline = UniqueName("dag");
        var definition = JsonSerializer.Serialize($"name: {pipeline}\nsteps:\n  - {{name: data, kind: data}}\n  - {{name: train, kind: train, needs: data}}\n  - {{name: report, kind: report, needs: [data, train]}}\n");
        var steps = """[{"step":"data","kind":"data","state":"pending"},{"step":"train","kind":"train","state":"pending"},{"step":"report","kind":"report","state":"pending"}]""";
        var json = RunJson(pipeline, steps: steps).Replace($"\"name: {pipeline}\\n\"", definition, StringComparison.Ordinal);

        var started = await server.PostAsync(Pipelines + "/runs/start", json);
        started.AssertOk();
        var run = await GetRunAsync(started.Json.GetProperty("run").GetProperty("run_id").GetString()!);

        var needs = run.GetProperty("steps").EnumerateArray()
            .Select(s => s.TryGetProperty("needs", out var n) ? string.Join(",", n.EnumerateArray().Select(e => e.GetString())) : "-")
            .ToList();
        Assert.Equal(["-", "data", "data,train"], needs);
        Assert.Equal(started.Json.GetProperty("run").GetRawText(), run.GetRawText());
    }

    [Fact]
    public async Task Start_WhileARunOfThePipelineIsRunning_409NamingIt()
    {
        var pipeline = UniqueName("overlap");
        var running = await StartAsync(pipeline);

        var reply = await server.PostAsync(Pipelines + "/runs/start", RunJson(pipeline, Start + 60_000));

        reply.AssertError(HttpStatusCode.Conflict, "RESOURCE_CONFLICT");
        reply.AssertMessageContains(running);
    }

    [Fact]
    public async Task Get_UnknownRun_404_MissingId_400()
    {
        (await server.GetAsync(Pipelines + "/runs/get?run_id=0123456789abcdef0123456789abcdef")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await server.GetAsync(Pipelines + "/runs/get")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await server.GetAsync(Pipelines + "/runs/log?run_id=0123456789abcdef0123456789abcdef&step=train")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Theory]
    [InlineData("""{"run":{"pipeline":"p","state":"running",""", "BAD_REQUEST")]
    [InlineData("""{"run":{"pipeline":42}}""", "INVALID_PARAMETER_VALUE")]
    [InlineData("""{"run":{"pipeline":"p","state":"done","trigger":"manual","start_time":1,"heartbeat":1,"owner":"o","definition":"d"}}""", "INVALID_PARAMETER_VALUE")]
    [InlineData("""{"run":{"pipeline":"p","state":"running","trigger":"cron","start_time":1,"heartbeat":1,"owner":"o","definition":"d"}}""", "INVALID_PARAMETER_VALUE")]
    [InlineData("""{"run":{"pipeline":"p","state":"running","trigger":"manual","heartbeat":1,"owner":"o","definition":"d"}}""", "INVALID_PARAMETER_VALUE")]
    [InlineData("""{"run":{"pipeline":"p","state":"running","trigger":"manual","start_time":9223372036854775807,"heartbeat":1,"owner":"o","definition":"d"}}""", "INVALID_PARAMETER_VALUE")]
    [InlineData("""{}""", "INVALID_PARAMETER_VALUE")]
    public async Task Start_MalformedBody_400(string body, string errorCode)
    {
        var reply = await server.PostAsync(Pipelines + "/runs/start", body);

        reply.AssertError(HttpStatusCode.BadRequest, errorCode);
    }

    [Fact]
    public async Task Start_BadEnumWord_MessageListsTheWords()
    {
        var reply = await server.PostAsync(Pipelines + "/runs/start", RunJson(UniqueName("p"), trigger: "cron"));

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        reply.AssertMessageContains("manual, schedule or retry");
    }

    [Fact]
    public async Task Post_WithoutJsonContentType_400()
    {
        var reply = await server.SendAsync(HttpMethod.Post, Pipelines + "/runs/heartbeat", Typed("""{"run_id":"x","heartbeat":1}""", "text/plain"));

        reply.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task UpdateStepAndAppendLog_ReadBackWithTheLogAsText()
    {
        var runId = await StartAsync(UniqueName("logs"));

        AssertEmptyObject(await server.PostAsync(Pipelines + "/runs/update-step",
            $$$"""{"run_id":"{{{runId}}}","step":{"step":"train","kind":"command","state":"running","attempts":1,"start_time":{{{Start + 1000}}}}}"""));
        AssertEmptyObject(await server.PostAsync(Pipelines + "/runs/append-log", $$"""{"run_id":"{{runId}}","step":"train","text":"round 1: rmse=0.5\n"}"""));
        AssertEmptyObject(await server.PostAsync(Pipelines + "/runs/append-log", $$"""{"run_id":"{{runId}}","step":"train","text":"round 2: rmse=0.4 ✓\n"}"""));
        var log = await server.GetAsync($"{Pipelines}/runs/log?run_id={runId}&step=train");

        log.AssertOk();
        Assert.Equal("text/plain", log.ContentType);
        Assert.Equal("round 1: rmse=0.5\nround 2: rmse=0.4 ✓\n", log.Text);
        var step = (await GetRunAsync(runId)).GetProperty("steps")[0];
        Assert.Equal(("running", 1, Start + 1000), (step.GetProperty("state").GetString(), step.GetProperty("attempts").GetInt32(), step.GetProperty("start_time").GetInt64()));
        (await server.GetAsync($"{Pipelines}/runs/log?run_id={runId}&step=nope")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await server.PostAsync(Pipelines + "/runs/append-log", $$"""{"run_id":"{{runId}}","step":"train"}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task HeartbeatAndEnd_EndTwiceSaysFalse_HeartbeatAfterEnd409()
    {
        var runId = await StartAsync(UniqueName("end"));

        AssertEmptyObject(await server.PostAsync(Pipelines + "/runs/heartbeat", $$"""{"run_id":"{{runId}}","heartbeat":{{Start + 5000}}}"""));
        var first = await server.PostAsync(Pipelines + "/runs/end", $$"""{"run_id":"{{runId}}","state":"failed","end_time":{{Start + 9000}},"message":"step train failed"}""");
        var second = await server.PostAsync(Pipelines + "/runs/end", $$"""{"run_id":"{{runId}}","state":"succeeded","end_time":{{Start + 9999}}}""");

        Assert.Equal("""{"ended":true}""", first.Text);
        Assert.Equal("""{"ended":false}""", second.Text);
        var run = await GetRunAsync(runId);
        Assert.Equal(("failed", Start + 9000, Start + 5000, "step train failed"),
            (run.GetProperty("state").GetString(), run.GetProperty("end_time").GetInt64(), run.GetProperty("heartbeat").GetInt64(), run.GetProperty("message").GetString()));
        (await server.PostAsync(Pipelines + "/runs/heartbeat", $$"""{"run_id":"{{runId}}","heartbeat":{{Start + 10000}}}""")).AssertError(HttpStatusCode.Conflict, "RESOURCE_CONFLICT");
        (await server.PostAsync(Pipelines + "/runs/end", $$"""{"run_id":"{{runId}}","state":"running","end_time":1}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await server.PostAsync(Pipelines + "/runs/end", $$"""{"run_id":"{{runId}}","state":"failed"}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Search_ByPipelineAndState_NewestFirstInPages()
    {
        var pipeline = UniqueName("search");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = await StartAsync(pipeline, Start + (i * 1000));
            (await server.PostAsync(Pipelines + "/runs/end", $$"""{"run_id":"{{id}}","state":"{{(i == 1 ? "failed" : "succeeded")}}","end_time":{{Start + (i * 1000) + 500}}}""")).AssertOk();
            ids.Add(id);
        }

        var first = await server.GetAsync($"{Pipelines}/runs/search?pipeline={Q(pipeline)}&max_results=2");
        first.AssertOk();
        var token = first.Json.GetProperty("next_page_token").GetString()!;
        var second = await server.GetAsync($"{Pipelines}/runs/search?pipeline={Q(pipeline)}&max_results=2&page_token={Q(token)}");
        second.AssertOk();
        var failed = await server.GetAsync($"{Pipelines}/runs/search?pipeline={Q(pipeline)}&state=failed");
        failed.AssertOk();

        Assert.Equal([ids[2], ids[1]], first.Json.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()));
        Assert.Equal([ids[0]], second.Json.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()));
        Assert.False(second.Json.TryGetProperty("next_page_token", out _));
        Assert.Equal([ids[1]], failed.Json.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()));
        Assert.Empty((await server.GetAsync($"{Pipelines}/runs/search?pipeline={Q(UniqueName("none"))}")).Json.EnumerateObject());
        (await server.GetAsync($"{Pipelines}/runs/search?state=done")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await server.GetAsync($"{Pipelines}/runs/search?max_results=many")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await server.GetAsync($"{Pipelines}/runs/search?page_token=garbage")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task FailAbandoned_ReturnsTheRunsItFailed()
    {
        // Far in the past, so no other test's running run is this stale.
        var runId = await StartAsync(UniqueName("stale"), start: 1_000);

        var reply = await server.PostAsync(Pipelines + "/runs/fail-abandoned", """{"heartbeat_before":2000,"message":"no heartbeat","now":3000}""");
        var again = await server.PostAsync(Pipelines + "/runs/fail-abandoned", """{"heartbeat_before":2000,"message":"no heartbeat","now":4000}""");

        reply.AssertOk();
        Assert.Equal([runId], reply.Json.GetProperty("run_ids").EnumerateArray().Select(e => e.GetString()));
        AssertEmptyObject(again);
        var run = await GetRunAsync(runId);
        Assert.Equal(("failed", "no heartbeat"), (run.GetProperty("state").GetString(), run.GetProperty("message").GetString()));
        Assert.Equal(("skipped", "no heartbeat"), (run.GetProperty("steps")[0].GetProperty("state").GetString(), run.GetProperty("steps")[0].GetProperty("error").GetString()));
        (await server.PostAsync(Pipelines + "/runs/fail-abandoned", """{"heartbeat_before":2000,"now":3000}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Schedules_SetListClaimDelete()
    {
        var pipeline = UniqueName("hourly");

        var set = await server.PostAsync(Pipelines + "/schedules/set", $$$"""{"schedule":{"pipeline":"{{{pipeline}}}","cron":"0 * * * *","definition":"name: x\n","parameters":{"window":"1h"} }}""");
        var claimed = await server.PostAsync(Pipelines + "/schedules/claim-tick", $$"""{"pipeline":"{{pipeline}}","tick":1772352000000,"owner":"server-a"}""");
        var claimedAgain = await server.PostAsync(Pipelines + "/schedules/claim-tick", $$"""{"pipeline":"{{pipeline}}","tick":1772352000000,"owner":"server-b"}""");
        var list = await server.GetAsync(Pipelines + "/schedules/list");

        set.AssertOk();
        var schedule = set.Json.GetProperty("schedule");
        Assert.Equal(["pipeline", "cron", "time_zone", "enabled", "definition", "parameters", "created_time"], Names(schedule));
        Assert.Equal(("UTC", true, "1h"), (schedule.GetProperty("time_zone").GetString(), schedule.GetProperty("enabled").GetBoolean(), schedule.GetProperty("parameters").GetProperty("window").GetString()));
        Assert.True(schedule.GetProperty("created_time").GetInt64() > 0);
        Assert.Equal("""{"claimed":true}""", claimed.Text);
        Assert.Equal("""{"claimed":false}""", claimedAgain.Text);
        list.AssertOk();
        var listed = Assert.Single(list.Json.GetProperty("schedules").EnumerateArray(), s => s.GetProperty("pipeline").GetString() == pipeline);
        Assert.Equal(1_772_352_000_000, listed.GetProperty("last_tick").GetInt64());
        Assert.Equal("""{"deleted":true}""", (await server.PostAsync(Pipelines + "/schedules/delete", $$"""{"pipeline":"{{pipeline}}"}""")).Text);
        Assert.Equal("""{"deleted":false}""", (await server.PostAsync(Pipelines + "/schedules/delete", $$"""{"pipeline":"{{pipeline}}"}""")).Text);
        (await server.PostAsync(Pipelines + "/schedules/set", $$$"""{"schedule":{"pipeline":"{{{pipeline}}}","cron":"0 * * * *","time_zone":"Nowhere/Land","definition":"d"}}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await server.PostAsync(Pipelines + "/schedules/claim-tick", $$"""{"pipeline":"{{pipeline}}","owner":"a"}""")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task AjaxPrefix_ServesTheSameRoutes()
    {
        var runId = await StartAsync(UniqueName("ajax"));

        var reply = await server.GetAsync($"/ajax-api/2.0/argus/pipelines/runs/get?run_id={runId}");

        reply.AssertOk();
        Assert.Equal(runId, reply.Json.GetProperty("run").GetProperty("run_id").GetString());
    }

    [Fact]
    public async Task AppendLog_PastTheLimit_TheLogEndsWithTheNote()
    {
        var runId = await StartAsync(UniqueName("big"));
        var text = new string('a', PipelineLimits.MaxStepLogLength + 5);

        (await server.PostAsync(Pipelines + "/runs/append-log", JsonSerializer.Serialize(new { run_id = runId, step = "train", text }))).AssertOk();
        var log = await server.GetAsync($"{Pipelines}/runs/log?run_id={runId}&step=train");

        Assert.Equal(PipelineLimits.MaxStepLogLength + SqlTrackingStore.StepLogTruncatedNote.Length, log.Text.Length);
        Assert.EndsWith(SqlTrackingStore.StepLogTruncatedNote, log.Text, StringComparison.Ordinal);
    }
}
