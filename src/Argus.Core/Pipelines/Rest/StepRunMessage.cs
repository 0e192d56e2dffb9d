using Argus.Core.Errors;
using Argus.Core.Pipelines.Runs;

namespace Argus.Core.Pipelines.Rest;

/// <summary>One step of a pipeline run on the wire (its log is read from <c>runs/log</c>).</summary>
public sealed record StepRunMessage(
    string? Step = null,
    string? Kind = null,
    string? State = null,
    int? Attempts = null,
    long? StartTime = null,
    long? EndTime = null,
    IReadOnlyDictionary<string, string>? Outputs = null,
    string? Error = null)
{
    public static StepRunMessage From(StepRun step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new(
            step.Step,
            step.Kind,
            PipelineText.Of(step.State),
            step.Attempts,
            PipelineJson.Millis(step.StartTime),
            PipelineJson.Millis(step.EndTime),
            step.Outputs,
            step.Error);
    }

    /// <exception cref="ArgusException">INVALID_PARAMETER_VALUE naming the first field missing or malformed.</exception>
    public StepRun ToStep(string field = "step") => new()
    {
        Step = Step ?? throw ArgusException.MissingParameter(field + ".step"),
        Kind = Kind ?? throw ArgusException.MissingParameter(field + ".kind"),
        State = PipelineText.ParseStepState(State, field + ".state"),
        Attempts = Attempts ?? 0,
        StartTime = PipelineJson.Time(StartTime),
        EndTime = PipelineJson.Time(EndTime),
        Outputs = Outputs ?? new Dictionary<string, string>(),
        Error = Error,
    };
}
