using Argus.Core.Errors;
using Argus.Core.Pipelines.Runs;

namespace Argus.Core.Pipelines.Rest;

/// <summary>
/// A pipeline run on the wire: states and triggers as lower-case words, times as Unix milliseconds, parameters as an
/// object of texts, steps in their order, each with the steps it needs as the definition writes them, the working
/// directory as <c>working_directory</c>.
/// </summary>
public sealed record PipelineRunMessage(
    string? RunId = null,
    string? Pipeline = null,
    string? State = null,
    string? Trigger = null,
    long? ScheduledFor = null,
    string? RetryOf = null,
    long? StartTime = null,
    long? EndTime = null,
    long? Heartbeat = null,
    string? Owner = null,
    string? Message = null,
    IReadOnlyDictionary<string, string>? Parameters = null,
    string? Definition = null,
    IReadOnlyList<StepRunMessage>? Steps = null,
    string? WorkingDirectory = null)
{
    public static PipelineRunMessage From(PipelineRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var needs = run.Steps.Count == 0 ? null : PipelineGraphText.Needs(run.Definition);
        return new(
            run.RunId,
            run.Pipeline,
            PipelineText.Of(run.State),
            PipelineText.Of(run.Trigger),
            PipelineJson.Millis(run.ScheduledFor),
            run.RetryOf,
            PipelineJson.Millis(run.StartTime),
            PipelineJson.Millis(run.EndTime),
            PipelineJson.Millis(run.Heartbeat),
            run.Owner,
            run.Message,
            run.Parameters,
            run.Definition,
            run.Steps.Select(s => StepRunMessage.From(s, needs?.GetValueOrDefault(s.Step))).ToList(),
            run.WorkingDirectory);
    }

    /// <summary>The run it describes; an empty <see cref="RunId"/> stays empty (the store gives one at start).</summary>
    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE naming the first field missing or malformed.</exception>
    public PipelineRun ToRun() => new()
    {
        RunId = RunId ?? string.Empty,
        Pipeline = Pipeline ?? throw ArgusException.MissingParameter("run.pipeline"),
        State = PipelineText.ParseRunState(State, "run.state"),
        Trigger = PipelineText.ParseTrigger(Trigger, "run.trigger"),
        ScheduledFor = PipelineJson.Time(ScheduledFor),
        RetryOf = RetryOf,
        StartTime = PipelineJson.Time(StartTime) ?? throw ArgusException.MissingParameter("run.start_time"),
        EndTime = PipelineJson.Time(EndTime),
        Heartbeat = PipelineJson.Time(Heartbeat) ?? throw ArgusException.MissingParameter("run.heartbeat"),
        Owner = Owner ?? throw ArgusException.MissingParameter("run.owner"),
        Message = Message,
        Parameters = Parameters ?? new Dictionary<string, string>(),
        Definition = Definition ?? throw ArgusException.MissingParameter("run.definition"),
        WorkingDirectory = WorkingDirectory,
        Steps = (Steps ?? []).Select(s => (s ?? throw ArgusException.InvalidParameter("'run.steps' holds a null step.")).ToStep("run.steps")).ToList(),
    };
}
