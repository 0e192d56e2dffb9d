using Argus.Core.Pipelines.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Argus.Tests.Server.Ui;

/// <summary>
/// A real Argus server whose pipeline store holds the retrain pipeline <see cref="Pipeline"/>, scheduled nightly in
/// Berlin, with three runs written through the store as a runner writes them: one that succeeded (five steps with
/// outputs and logs), a scheduled one whose <c>train</c> step failed after three attempts (its downstream steps
/// skipped), and a retry of that one that succeeded.
/// </summary>
public sealed class PipelinesUiSeed : IAsyncLifetime
{
    public const string Pipeline = "tips-retrain";

    public const string Cron = "0 3 * * *";

    public const string Zone = "Europe/Berlin";

    public const string TrainError = "xgboost: the objective reg:squarederror needs a numeric label; column 'tip' holds 'n/a' at row 17";

    public static readonly DateTimeOffset Night = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    public static readonly string Definition = """
        name: tips-retrain
        description: Retrain the tips model and promote it when it is better.
        params:
          data: data/tips.csv
        steps:
          - name: data
            kind: data
            with:
              path: ${{ params.data }}
          - name: tune
            kind: tune
            needs: data
          - name: train
            kind: train
            needs: [data, tune]
            retries: 2
          - name: evaluate
            kind: evaluate
            needs: [train]
          - name: register
            kind: register
            needs: [train, evaluate]
        """;

    private static readonly (string Step, string Kind)[] Steps =
        [("data", "data"), ("tune", "tune"), ("train", "train"), ("evaluate", "evaluate"), ("register", "register")];

    public ServerFixture Server { get; } = new();

    public IPipelineStore Store => Server.Services.GetRequiredService<IPipelineStore>();

    public string SucceededRunId { get; private set; } = string.Empty;

    public string FailedRunId { get; private set; } = string.Empty;

    public string RetryRunId { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        var store = Store;
        await store.SetScheduleAsync(new PipelineSchedule
        {
            Pipeline = Pipeline,
            Cron = Cron,
            TimeZone = Zone,
            Definition = Definition,
            LastTick = Night.AddDays(1),
        }, CancellationToken.None);

        SucceededRunId = await RunAsync(Night, PipelineTrigger.Manual, null, failAt: null);
        FailedRunId = await RunAsync(Night.AddDays(1), PipelineTrigger.Schedule, null, failAt: "train");
        RetryRunId = await RunAsync(Night.AddDays(1).AddHours(1), PipelineTrigger.Retry, FailedRunId, failAt: null);
    }

    public Task DisposeAsync() => Server.DisposeAsync();

    /// <summary>The log a succeeded step writes.</summary>
    public static string LogOf(string step) => $"{step}: starting\n{step}: read 244 rows\n{step}: done ({step} finished)\n";

    /// <summary>Starts a run of <paramref name="pipeline"/> with the five steps pending; the caller moves it on.</summary>
    public static PipelineRun NewRun(string pipeline, DateTimeOffset start, PipelineTrigger trigger = PipelineTrigger.Manual, string? retryOf = null) => new()
    {
        RunId = string.Empty,
        Pipeline = pipeline,
        State = PipelineRunState.Running,
        Trigger = trigger,
        ScheduledFor = trigger == PipelineTrigger.Schedule ? start : null,
        RetryOf = retryOf,
        StartTime = start,
        Heartbeat = start,
        Owner = "worker-1:4242",
        Parameters = new Dictionary<string, string> { ["data"] = "data/tips.csv" },
        Definition = Definition.Replace("name: tips-retrain", $"name: {pipeline}", StringComparison.Ordinal),
        Steps = [.. Steps.Select(s => new StepRun { Step = s.Step, Kind = s.Kind, State = StepState.Pending })],
    };

    /// <summary>A finished step record.</summary>
    public static StepRun Done(string step, DateTimeOffset start, StepState state = StepState.Succeeded, int attempts = 1, string? error = null) => new()
    {
        Step = step,
        Kind = Steps.Single(s => s.Step == step).Kind,
        State = state,
        Attempts = attempts,
        StartTime = state == StepState.Skipped ? null : start,
        EndTime = state == StepState.Skipped ? null : start.AddSeconds(42),
        Outputs = state == StepState.Succeeded ? OutputsOf(step) : new Dictionary<string, string>(),
        Error = error,
    };

    private static Dictionary<string, string> OutputsOf(string step) => step switch
    {
        "data" => new() { ["path"] = "data/tips.csv", ["digest"] = "3f2a9c1e" },
        "train" => new() { ["run_id"] = "9d1c0e6f2b7a4c58", ["rmse"] = "0.9712" },
        "register" => new() { ["version"] = "7" },
        _ => new() { ["ok"] = "true" },
    };

    private async Task<string> RunAsync(DateTimeOffset start, PipelineTrigger trigger, string? retryOf, string? failAt)
    {
        var store = Store;
        var run = await store.StartRunAsync(NewRun(Pipeline, start, trigger, retryOf), CancellationToken.None);
        var t = start;
        var failed = false;
        foreach (var (step, _) in Steps)
        {
            t = t.AddMinutes(1);
            if (failed)
            {
                await store.UpdateStepAsync(run.RunId, Done(step, t, StepState.Skipped, attempts: 0, error: "a step it needs failed: train"), CancellationToken.None);
            }
            else if (step == failAt)
            {
                await store.AppendStepLogAsync(run.RunId, step, $"{step}: attempt 1\n{step}: attempt 2\n{step}: attempt 3\n{TrainError}\n", CancellationToken.None);
                await store.UpdateStepAsync(run.RunId, Done(step, t, StepState.Failed, attempts: 3, error: TrainError), CancellationToken.None);
                failed = true;
            }
            else
            {
                await store.AppendStepLogAsync(run.RunId, step, LogOf(step), CancellationToken.None);
                await store.UpdateStepAsync(run.RunId, Done(step, t), CancellationToken.None);
            }
        }

        await store.EndRunAsync(run.RunId, failed ? PipelineRunState.Failed : PipelineRunState.Succeeded, t.AddMinutes(1),
            failed ? "step train failed after 3 attempts" : null, CancellationToken.None);
        return run.RunId;
    }
}
