using System.Text.Json;
using Argus.Core.Errors;
using Argus.Core.Jobs;
using Argus.Core.Pipelines;
using Argus.Core.Pipelines.Runs;
using Argus.Core.Pipelines.Steps;
using Argus.Core.Tracking;
using Argus.Core.Tracking.Sdk;
using Argus.Tests.Infrastructure;

namespace Argus.Tests.Core.Pipelines;

/// <summary>The runner on a real SQLite store, with a probe step kind and a clock the tests move.</summary>
public sealed class PipelineRunnerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new("argus-runner");
    private readonly ProbeStepKind _probe = new();
    private readonly TimerWatchingClock _clock = new(T0);
    private Tracker _tracker = null!;

    private IPipelineStore Store => PipelineStores.For(_tracker.Store);

    private StepKindCatalog Kinds => new([_probe]);

    public async Task InitializeAsync() => _tracker = await Tracker.CreateAsync(_directory.SqliteUri());

    public async Task DisposeAsync()
    {
        await _tracker.DisposeAsync();
        _directory.Dispose();
    }

    private PipelineRunner Runner(Action<string, string>? onLine = null, TimeSpan? heartbeat = null, int parallel = 2, IPipelineStore? store = null) => new(new PipelineRunnerOptions
    {
        Tracker = _tracker,
        Store = store ?? Store,
        Kinds = Kinds,
        TimeProvider = _clock,
        Owner = "test:1",
        HeartbeatInterval = heartbeat ?? TimeSpan.FromDays(1),
        MaxParallelSteps = parallel,
        OnLogLine = onLine,
    });

    private PipelineDefinition Pipeline(string steps, string extra = "") =>
        PipelineYaml.Parse($"name: probe-{Guid.NewGuid():N}\n{extra}steps:\n{steps}", Kinds);

    private Task<PipelineRun> RunAsync(PipelineDefinition definition, PipelineRunner? runner = null, CancellationToken cancellationToken = default) =>
        (runner ?? Runner()).RunAsync(definition, new PipelineRunRequest { WorkingDirectory = _directory.Path }, cancellationToken);

    private static StepRun Step(PipelineRun run, string name) => Assert.Single(run.Steps, s => s.Step == name);

    [Fact]
    public async Task RunAsync_Dag_StepsInOrderAndIndependentOnesAtOnce()
    {
        var definition = Pipeline("""
              - { name: first, kind: probe }
              - { name: left, kind: probe, needs: [first], with: { wait: "yes" } }
              - { name: right, kind: probe, needs: [first], with: { wait: "yes" } }
              - { name: last, kind: probe, needs: [left, right] }
            """);

        var running = RunAsync(definition);
        await Task.WhenAll(_probe.StartedAsync("left"), _probe.StartedAsync("right"));
        var startedBeforeRelease = _probe.Starts.ToArray();
        _probe.Release("left");
        _probe.Release("right");
        var run = await running;

        Assert.Equal(PipelineRunState.Succeeded, run.State);
        Assert.Null(run.Message);
        Assert.Equal(["first", "left", "right", "last"], run.Steps.Select(s => s.Step));
        Assert.All(run.Steps, s => Assert.Equal((StepState.Succeeded, 1), (s.State, s.Attempts)));
        Assert.Equal("first", startedBeforeRelease[0]);
        Assert.Equal(["left", "right"], startedBeforeRelease[1..].Order());
        Assert.Equal(2, _probe.MaxRunning);
        Assert.Equal("last", _probe.Starts.Last());
        Assert.Equal(_directory.Path, run.WorkingDirectory);
        Assert.Equal(run.RunId, (await Store.GetRunAsync(run.RunId, default)).RunId);
    }

    [Fact]
    public async Task RunAsync_OneStepAtATime_NeverTwoAtOnce()
    {
        var definition = Pipeline("""
              - { name: a, kind: probe }
              - { name: b, kind: probe }
              - { name: c, kind: probe }
            """);

        var run = await RunAsync(definition, Runner(parallel: 1));

        Assert.Equal(PipelineRunState.Succeeded, run.State);
        Assert.Equal(1, _probe.MaxRunning);
    }

    [Fact]
    public async Task RunAsync_Outputs_FlowToLaterStepsThroughExpressions()
    {
        var lines = new List<(string Step, string Line)>();
        var definition = Pipeline("""
              - name: produce
                kind: probe
                with: { out: ["path=/data/v2.csv", "rows=12"] }
              - name: consume
                kind: probe
                needs: [produce]
                with:
                  log: "reading ${{ steps.produce.outputs.path }} (${{ steps.produce.outputs.rows }} rows) for ${{ params.model }}"
                  out: ["seen=${{ steps.produce.outputs.path }}", "run=${{ run.id }}"]
            """, "params: { model: tips }\n");

        var run = await RunAsync(definition, Runner(onLine: (step, line) => { lock (lines) { lines.Add((step, line)); } }));

        Assert.Equal(PipelineRunState.Succeeded, run.State);
        Assert.Equal("/data/v2.csv", Step(run, "consume").Outputs["seen"]);
        Assert.Equal(run.RunId, Step(run, "consume").Outputs["run"]);
        Assert.Equal("12", Step(run, "produce").Outputs["rows"]);
        Assert.Contains("reading /data/v2.csv (12 rows) for tips\n", await Store.GetStepLogAsync(run.RunId, "consume", default), StringComparison.Ordinal);
        Assert.Contains(("consume", "reading /data/v2.csv (12 rows) for tips"), lines);
        Assert.Equal("tips", run.Parameters["model"]);
    }

    [Fact]
    public async Task RunAsync_FailsTwiceThenSucceeds_RetriedAfterTheBackoffAndEveryAttemptLogged()
    {
        var definition = Pipeline("""
              - name: flaky
                kind: probe
                retries: 3
                retry_delay: 10s
                backoff: 2
                with: { fail_times: "2", log: "trying", out: ["ok=yes"] }
            """);

        var running = RunAsync(definition);
        await _clock.TimerSetAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _probe.Attempts["flaky"]);
        _clock.Advance(TimeSpan.FromSeconds(10));
        await _clock.TimerSetAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(2, _probe.Attempts["flaky"]);
        _clock.Advance(TimeSpan.FromSeconds(20));
        var run = await running;

        var step = Step(run, "flaky");
        Assert.Equal(PipelineRunState.Succeeded, run.State);
        Assert.Equal((StepState.Succeeded, 3, (string?)null), (step.State, step.Attempts, step.Error));
        Assert.Equal("yes", step.Outputs["ok"]);
        Assert.Equal(T0, step.StartTime);
        Assert.Equal(T0.AddSeconds(30), step.EndTime);
        var log = await Store.GetStepLogAsync(run.RunId, "flaky", default);
        Assert.Contains("attempt 1 of 4", log, StringComparison.Ordinal);
        Assert.Contains("attempt 1 failed: probe failure 1", log, StringComparison.Ordinal);
        Assert.Contains("attempt 2 failed: probe failure 2", log, StringComparison.Ordinal);
        Assert.Contains("attempt 3 of 4", log, StringComparison.Ordinal);
        Assert.Equal(3, log.Split('\n').Count(l => l == "trying"));
    }

    [Fact]
    public async Task RunAsync_StepFailsAfterItsRetries_DownstreamSkippedOtherBranchRunsRunFailedNamingIt()
    {
        var definition = Pipeline("""
              - { name: broken, kind: probe, retries: 1, retry_delay: 0s, with: { fail: "disk on fire" } }
              - { name: after, kind: probe, needs: [broken] }
              - { name: later, kind: probe, needs: [after] }
              - { name: other, kind: probe }
            """);

        var run = await RunAsync(definition);

        Assert.Equal(PipelineRunState.Failed, run.State);
        Assert.Equal("Step 'broken' failed: InvalidOperationException: disk on fire", run.Message);
        Assert.Equal((StepState.Failed, 2, "InvalidOperationException: disk on fire"), (Step(run, "broken").State, Step(run, "broken").Attempts, Step(run, "broken").Error));
        Assert.Equal(StepState.Skipped, Step(run, "after").State);
        Assert.Contains("'broken'", Step(run, "after").Error, StringComparison.Ordinal);
        Assert.Equal(StepState.Skipped, Step(run, "later").State);
        Assert.Equal(0, Step(run, "later").Attempts);
        Assert.Equal(StepState.Succeeded, Step(run, "other").State);
        Assert.False(_probe.Attempts.ContainsKey("after"));
        Assert.NotNull(run.EndTime);
    }

    [Fact]
    public async Task RunAsync_UnresolvableExpression_FailsTheStepWithoutRetrying()
    {
        var definition = Pipeline("""
              - { name: a, kind: probe, with: { out: ["x=1"] } }
              - { name: b, kind: probe, needs: [a], retries: 3, with: { log: "${{ steps.a.outputs.missing }}" } }
            """);

        var run = await RunAsync(definition);

        Assert.Equal(PipelineRunState.Failed, run.State);
        Assert.Equal(1, Step(run, "b").Attempts);
        Assert.Contains("produced no output 'missing'", Step(run, "b").Error, StringComparison.Ordinal);
        Assert.False(_probe.Attempts.ContainsKey("b"));
    }

    [Fact]
    public async Task RunAsync_AttemptPastItsTimeout_FailsSayingSo()
    {
        var definition = Pipeline("""
              - { name: slow, kind: probe, timeout: 1h, with: { block: "yes" } }
            """);

        var running = RunAsync(definition);
        await _probe.StartedAsync("slow");
        await _clock.TimerSetAsync(TimeSpan.FromHours(1));
        _clock.Advance(TimeSpan.FromHours(1));
        var run = await running;

        Assert.Equal(PipelineRunState.Failed, run.State);
        Assert.Equal("Timed out after 1h.", Step(run, "slow").Error);
        Assert.Equal("Step 'slow' failed: Timed out after 1h.", run.Message);
        Assert.Contains("attempt 1 failed: Timed out after 1h.", await Store.GetStepLogAsync(run.RunId, "slow", default), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PipelineAlreadyRunning_RefusedWithResourceConflict()
    {
        var definition = Pipeline("""
              - { name: hold, kind: probe, with: { wait: "yes" } }
            """);

        var first = RunAsync(definition);
        await _probe.StartedAsync("hold");
        var refused = await Assert.ThrowsAsync<ArgusException>(() => RunAsync(definition));
        _probe.Release("hold");
        var run = await first;

        Assert.Equal(ErrorCode.ResourceConflict, refused.Code);
        Assert.Equal(PipelineRunState.Succeeded, run.State);
        Assert.Single((await Store.SearchRunsAsync(new PipelineRunQuery { Pipeline = definition.Name }, default)).Items);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StepsCancelledAndRunEndsFailedCancelled()
    {
        var definition = Pipeline("""
              - { name: busy, kind: probe, with: { block: "yes" } }
              - { name: next, kind: probe, needs: [busy] }
            """);
        using var cancel = new CancellationTokenSource();

        var running = RunAsync(definition, cancellationToken: cancel.Token);
        await _probe.StartedAsync("busy");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        var run = Assert.Single((await Store.SearchRunsAsync(new PipelineRunQuery { Pipeline = definition.Name }, default)).Items);
        Assert.Equal((PipelineRunState.Failed, "cancelled"), (run.State, run.Message));
        Assert.Equal((StepState.Failed, "Cancelled."), (Step(run, "busy").State, Step(run, "busy").Error));
        Assert.Equal(StepState.Skipped, Step(run, "next").State);
    }

    [Fact]
    public async Task RunAsync_RunFailedAsAbandonedByAnotherProcess_StepsStopAndTheRunnerReturns()
    {
        var definition = Pipeline("""
              - { name: busy, kind: probe, with: { block: "yes" } }
            """);
        await using var other = await TrackingStores.OpenAsync(_directory.SqliteUri());

        var running = RunAsync(definition, Runner(heartbeat: TimeSpan.FromMinutes(1)));
        await _probe.StartedAsync("busy");
        var failed = await PipelineStores.For(other).FailAbandonedRunsAsync(T0.AddYears(1), "abandoned: no heartbeat", T0.AddMinutes(1), default);
        await _clock.TimerSetAsync(TimeSpan.FromMinutes(1));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var run = await running;

        Assert.Equal(run.RunId, Assert.Single(failed));
        Assert.Equal((PipelineRunState.Failed, "abandoned: no heartbeat"), (run.State, run.Message));
        Assert.Equal(StepState.Failed, Step(run, "busy").State);
    }

    [Fact]
    public async Task RetryAsync_FailedRun_ResumesFromTheFailedStepWithCarriedOutputs()
    {
        var definition = Pipeline("""
              - { name: prepare, kind: probe, with: { out: ["path=/data/v3.csv"] } }
              - { name: train, kind: probe, needs: [prepare], with: { fail_times: "1", out: ["used=${{ steps.prepare.outputs.path }}"] } }
              - { name: report, kind: probe, needs: [train] }
            """);
        var failed = await RunAsync(definition);

        var retried = await Runner().RetryAsync(failed.RunId, default);

        Assert.Equal(PipelineRunState.Failed, failed.State);
        Assert.Equal(StepState.Skipped, Step(failed, "report").State);
        Assert.Equal(PipelineRunState.Succeeded, retried.State);
        Assert.Equal((PipelineTrigger.Retry, failed.RunId), (retried.Trigger, retried.RetryOf));
        Assert.NotEqual(failed.RunId, retried.RunId);
        Assert.Equal(_directory.Path, retried.WorkingDirectory);
        Assert.Equal(Step(failed, "prepare"), Step(retried, "prepare") with { Outputs = Step(failed, "prepare").Outputs });
        Assert.Equal("/data/v3.csv", Step(retried, "prepare").Outputs["path"]);
        Assert.Equal(1, _probe.Attempts["prepare"]);
        Assert.Equal(2, _probe.Attempts["train"]);
        Assert.Equal("/data/v3.csv", Step(retried, "train").Outputs["used"]);
        Assert.Equal(StepState.Succeeded, Step(retried, "report").State);
    }

    [Fact]
    public async Task RetryAsync_RunThatSucceededOrRuns_InvalidState()
    {
        var definition = Pipeline("""
              - { name: hold, kind: probe, with: { wait: "yes" } }
            """);
        var running = RunAsync(definition);
        await _probe.StartedAsync("hold");
        var runId = Assert.Single((await Store.SearchRunsAsync(new PipelineRunQuery { Pipeline = definition.Name }, default)).Items).RunId;

        var whileRunning = await Assert.ThrowsAsync<ArgusException>(() => Runner().RetryAsync(runId, default));
        _probe.Release("hold");
        await running;
        var afterSuccess = await Assert.ThrowsAsync<ArgusException>(() => Runner().RetryAsync(runId, default));

        Assert.Equal(ErrorCode.InvalidState, whileRunning.Code);
        Assert.Equal(ErrorCode.InvalidState, afterSuccess.Code);
        Assert.Contains("nothing to retry", afterSuccess.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FailedWithOnFailure_OneNotificationNamingEachFailedStep()
    {
        await using var receiver = await HttpReceiver.StartAsync();
        var definition = Pipeline("""
              - { name: a, kind: probe, with: { fail: "no data" } }
              - { name: b, kind: probe, with: { fail_times: "1" } }
            """, $"on_failure:\n  webhook: {{ url: {receiver.Url.AbsoluteUri}, format: json }}\n  attempts: 1\n");

        var run = await RunAsync(definition);

        Assert.Equal(PipelineRunState.Failed, run.State);
        Assert.StartsWith("Steps 'a', 'b' failed: ", run.Message, StringComparison.Ordinal);
        var request = Assert.Single(receiver.Requests);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal($"Pipeline {definition.Name} failed", body.RootElement.GetProperty("title").GetString());
        Assert.Contains("no data", request.Body, StringComparison.Ordinal);
        Assert.Contains("probe failure 1", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NotificationChannelDown_RunStillEndsFailedAsItWas()
    {
        var definition = Pipeline("""
              - { name: a, kind: probe, with: { fail: "no data" } }
            """, "on_failure:\n  webhook: http://127.0.0.1:1/hook\n  attempts: 1\n");

        var run = await RunAsync(definition);

        Assert.Equal((PipelineRunState.Failed, "Step 'a' failed: InvalidOperationException: no data"), (run.State, run.Message));
    }

    [Fact]
    public async Task RunAsync_WithPush_PushesTheJobAndPipelineMetricsAsJobPipelineName()
    {
        await using var gateway = await PrometheusDaemon.StartAsync("prometheus-pushgateway", (port, _) => [$"--web.listen-address=127.0.0.1:{port}"]);
        var definition = Pipeline("""
              - { name: a, kind: probe }
            """);
        var runner = new PipelineRunner(new PipelineRunnerOptions
        {
            Tracker = _tracker,
            Store = Store,
            Kinds = Kinds,
            TimeProvider = _clock,
            HeartbeatInterval = TimeSpan.FromDays(1),
            Push = new JobPushOptions(gateway.BaseAddress, "host-a"),
        });

        var run = await RunAsync(definition, runner);
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(gateway.BaseAddress, "/metrics"));

        Assert.Equal(PipelineRunState.Succeeded, run.State);
        var group = $"instance=\"host-a\",job=\"pipeline/{definition.Name}\"";
        Assert.Contains($"argus_job_last_success_timestamp_seconds{{{group}}}", metrics, StringComparison.Ordinal);
        Assert.Contains($"argus_job_runs_total{{{group},outcome=\"success\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"argus_pipeline_runs_total{{{group},outcome=\"success\",pipeline=\"{definition.Name}\"}} 1", metrics, StringComparison.Ordinal);
        Assert.Contains($"argus_pipeline_step_attempts_total{{{group},outcome=\"success\",pipeline=\"{definition.Name}\",step=\"a\"}} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public void AbandonedAfter_FourHeartbeats()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), PipelineRunner.AbandonedAfter(TimeSpan.FromSeconds(15)));
        Assert.Throws<ArgumentOutOfRangeException>(() => PipelineRunner.AbandonedAfter(TimeSpan.Zero));
    }
}
