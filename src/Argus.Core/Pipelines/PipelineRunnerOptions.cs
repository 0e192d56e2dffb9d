using Argus.Core.Jobs;
using Argus.Core.Pipelines.Runs;
using Argus.Core.Pipelines.Steps;
using Argus.Core.Tracking.Sdk;
using Microsoft.Extensions.Logging;

namespace Argus.Core.Pipelines;

/// <summary>What a <see cref="PipelineRunner"/> runs with: where runs are recorded, the step kinds, the clock, and who is told.</summary>
public sealed record PipelineRunnerOptions
{
    /// <summary>The tracking store and SDK the steps record runs, models and datasets in.</summary>
    public required Tracker Tracker { get; init; }

    /// <summary>Where runs, step runs and logs are recorded (<see cref="PipelineStores.For"/> of the tracker's store, usually).</summary>
    public required IPipelineStore Store { get; init; }

    /// <summary>The step kinds the definitions use.</summary>
    public required StepKindCatalog Kinds { get; init; }

    /// <summary>The clock for times, retry waits, timeouts and heartbeats.</summary>
    /// <value><see cref="TimeProvider.System"/></value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Who runs the runs (recorded with each).</summary>
    /// <value>The machine name and process id.</value>
    public string Owner { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>How often a running run's heartbeat is refreshed; see <see cref="PipelineRunner.AbandonedAfter"/>.</summary>
    /// <value>15 seconds.</value>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How many independent steps run at once.</summary>
    /// <value>2.</value>
    public int MaxParallelSteps { get; init; } = 2;

    /// <summary>
    /// Where to push the run's metrics when it ends (job <c>pipeline/&lt;name&gt;</c>, as <see cref="JobPush"/> pushes a
    /// job's); null pushes nothing. The run is recorded in <see cref="JobMetrics"/> either way.
    /// </summary>
    public JobPushOptions? Push { get; init; }

    public ILogger? Logger { get; init; }

    /// <summary>Called with (step, line) for every line a step writes to its log, as it is written.</summary>
    public Action<string, string>? OnLogLine { get; init; }

    /// <summary>
    /// Called with a step's record each time the runner records it: started, each attempt, ended (succeeded, failed or
    /// skipped). Steps carried over by a retry are not reported.
    /// </summary>
    public Action<StepRun>? OnStepChanged { get; init; }
}
